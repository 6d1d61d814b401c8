/* Cascading selects: a child <select> whose options follow the value of a parent select.

   <select id="id_commune" data-cascade-from="id_province" data-cascade-url="/units/communes/"
           data-cascade-param="province" data-cascade-prompt="— Chọn tỉnh, thành phố trước —">

   When the parent changes, the child's options are replaced by those the URL returns for
   ?<param>=<parent value> (JSON {"results": [{"id", "name"}]}); its blank option is kept, and so is
   the current choice when it is still offered. With no parent value, only the blank option (showing
   the prompt) and the current choice remain. Without JavaScript the server's full list stays usable. */
(function () {
  "use strict";

  function option(value, label, selected) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    if (selected) { o.selected = true; }
    return o;
  }

  function fill(child, blankLabel, items, keep) {
    var current = keep ? child.value : "";
    var fragment = document.createDocumentFragment();
    fragment.appendChild(option("", blankLabel, false));
    items.forEach(function (item) {
      fragment.appendChild(option(String(item.id), item.name, String(item.id) === current));
    });
    child.replaceChildren(fragment);
    if (child.value !== current) {
      child.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function setUp(child) {
    var parent = document.getElementById(child.dataset.cascadeFrom);
    if (!parent) { return; }
    var blank = child.querySelector('option[value=""]');
    var blankLabel = blank ? blank.textContent : "---------";
    var prompt = child.dataset.cascadePrompt || blankLabel;
    var request = 0;

    function selectedItem() {
      var o = child.options[child.selectedIndex];
      return o && o.value ? [{ id: o.value, name: o.textContent }] : [];
    }

    function refresh(keep) {
      var value = parent.value;
      request += 1;
      var mine = request;
      if (!value) {
        fill(child, prompt, keep ? selectedItem() : [], keep);
        return;
      }
      var url = child.dataset.cascadeUrl + "?" + encodeURIComponent(child.dataset.cascadeParam) + "=" +
        encodeURIComponent(value);
      child.setAttribute("aria-busy", "true");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (data) {
          if (mine === request) { fill(child, blankLabel, data.results || [], true); }
        })
        .catch(function () { /* keep the options the server sent */ })
        .finally(function () { child.removeAttribute("aria-busy"); });
    }

    parent.addEventListener("change", function () { refresh(true); });
    // On load: a page whose parent is still empty shows a short list (the prompt and any current
    // choice) instead of thousands of options; a page with a parent value was narrowed by the server.
    if (!parent.value) { refresh(true); }
  }

  function init() {
    document.querySelectorAll("select[data-cascade-from]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
