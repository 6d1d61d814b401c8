/* Trường hợp 1/2 is asked only for a set-26 (tourism) product; the server checks it again.
   The product ids come from {{ …|json_script:"case-products" }}. */
(function () {
  "use strict";
  var data = document.getElementById("case-products");
  var product = document.getElementById("id_product");
  var box = document.getElementById("div_id_case_variant");
  var field = document.getElementById("id_case_variant");
  if (!data || !product || !box || !field) return;
  var ids = JSON.parse(data.textContent).map(String);
  function sync() {
    var needed = ids.indexOf(product.value) !== -1;
    box.hidden = !needed;
    field.required = needed;
  }
  product.addEventListener("change", sync);
  sync();
})();
