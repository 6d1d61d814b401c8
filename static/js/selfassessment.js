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
    var points = {};
    var fieldsets = form.querySelectorAll("fieldset.sa-criterion");
    fieldsets.forEach(function (fs) {
      var checked = fs.querySelector("input[type=radio]:checked");
      points[fs.dataset.criterion] = checked ? Number(checked.dataset.points || 0) : 0;
    });
    fieldsets.forEach(function (fs) {
      // "Chỉ áp dụng khi…": 0 while the criterion it depends on scores 0, as the server counts
      // (evaluation.services.star_rule.counted_points).
      var condition = fs.dataset.appliesIf;
      var voided = Boolean(condition) && !points[condition];
      var note = fs.querySelector("[data-applies-if-note]");
      if (note) note.classList.toggle("d-none", !(voided && fs.querySelector("input[type=radio]:checked")));
      total += voided ? 0 : points[fs.dataset.criterion];
    });
    document.getElementById("sa-total").textContent = total;
    document.getElementById("sa-star").textContent = band(total);
  }
  form.addEventListener("change", update);
  update();
})();
