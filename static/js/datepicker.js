// A calendar button beside each date field (input[data-datepicker], a dd/mm/yyyy text input): it opens the
// browser's own date picker and writes the chosen day back as dd/mm/yyyy. Typing keeps working; the server
// reads dd/mm/yyyy and yyyy-mm-dd alike; without JavaScript the field stays the plain text input it was.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function toIso(text) {
    var m = /^\s*(\d{1,2})[\/.-](\d{1,2})[\/.-](\d{4})\s*$/.exec(text || "");
    if (m) return m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]);
    m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text || "");
    return m ? m[0].trim() : "";
  }
  function fromIso(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }
  function enhance(input) {
    if (input.dataset.datepickerReady) return;
    input.dataset.datepickerReady = "1";
    var group = document.createElement("div");
    group.className = "input-group has-validation ocop-date";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.setAttribute("aria-label", input.getAttribute("data-datepicker"));
    button.title = input.getAttribute("data-datepicker");
    button.innerHTML = '<i class="bi bi-calendar3" aria-hidden="true"></i>';
    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "ocop-date-picker";
    picker.setAttribute("aria-hidden", "true");
    group.appendChild(button);
    group.appendChild(picker);
    // Bootstrap shows a field's error only next to it: keep the messages inside the group. An edit form's hidden
    // input with the value the page showed (ocop.forms.OwnChangesMixin) stands between the field and its messages.
    var next = group.nextElementSibling;
    while (next && (next.classList.contains("invalid-feedback") || (next.tagName === "INPUT" && next.type === "hidden"))) {
      var after = next.nextElementSibling;
      if (next.classList.contains("invalid-feedback")) group.appendChild(next);
      next = after;
    }
    if (input.disabled || input.readOnly) button.disabled = true;
    button.addEventListener("click", function () {
      picker.value = toIso(input.value);
      try {
        if (typeof picker.showPicker === "function") { picker.showPicker(); return; }
      } catch (e) { /* fall through: focus the native control instead */ }
      picker.focus();
      picker.click();
    });
    picker.addEventListener("change", function () {
      if (!picker.value) return;
      input.value = fromIso(picker.value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
  }
  function init() { document.querySelectorAll("input[data-datepicker]").forEach(enhance); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
