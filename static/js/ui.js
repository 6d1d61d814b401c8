/* Behaviour pages ask for with data- attributes, so that no page needs an inline <script> or an on*= handler
   (the Content-Security-Policy allows scripts from this site's files only). */
(function () {
  "use strict";

  // <select data-autosubmit>: submit its form when the choice changes (the language switch).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.submit();
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    // <button data-print>: print the page.
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
      return;
    }
    // <a data-confirm="question">: ask before following the link (submit buttons are asked on submit, below).
    var link = event.target.closest("a[data-confirm]");
    if (link && !window.confirm(link.getAttribute("data-confirm"))) event.preventDefault();
  });

  // <button type="submit" data-confirm="question">: ask once before an irreversible step. Listening in the
  // capture phase runs before the form's own submit handlers (the score sheet's autosave flush), and a "no"
  // stops them too, so nothing is sent.
  document.addEventListener(
    "submit",
    function (event) {
      var button = event.submitter;
      if (button && button.hasAttribute("data-confirm") && !window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  // <div data-width="42">: a progress bar's width in percent (an inline style attribute would be refused).
  document.querySelectorAll("[data-width]").forEach(function (el) {
    el.style.width = Number(el.getAttribute("data-width")) + "%";
  });
})();
