/* The producer's self-assessment: the running total and its star band as options are chosen.
   The bands (D26 Điều 3.3, on the unrounded total) come from the page, written there from the server's rule
   (evaluation.services.star_rule.BANDS): [lowest total, star], highest first; below them all, 1 star. */
(function () {
  "use strict";
  var form = document.getElementById("sa-form");
  if (!form) return;
  var bands = JSON.parse(document.getElementById("sa-bands").textContent);
  function band(total) {
    for (var i = 0; i < bands.length; i++) {
      if (total >= Number(bands[i][0])) return bands[i][1];
    }
    return 1;
  }
  function update() {
    var total = 0;
    form.querySelectorAll("input[type=radio]:checked").forEach(function (el) { total += Number(el.dataset.points || 0); });
    document.getElementById("sa-total").textContent = total;
    document.getElementById("sa-star").textContent = band(total);
  }
  form.addEventListener("change", update);
  update();
})();
