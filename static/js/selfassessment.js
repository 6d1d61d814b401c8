/* The producer's self-assessment: the running total and its star band as options are chosen.
   D26 Điều 3.3 bands on the unrounded total: 90 → 5★, 70 → 4★, 50 → 3★, 30 → 2★, else 1★ (the server decides). */
(function () {
  "use strict";
  var form = document.getElementById("sa-form");
  if (!form) return;
  function band(total) { return total >= 90 ? 5 : total >= 70 ? 4 : total >= 50 ? 3 : total >= 30 ? 2 : 1; }
  function update() {
    var total = 0;
    form.querySelectorAll("input[type=radio]:checked").forEach(function (el) { total += Number(el.dataset.points || 0); });
    document.getElementById("sa-total").textContent = total;
    document.getElementById("sa-star").textContent = band(total);
  }
  form.addEventListener("change", update);
  update();
})();
