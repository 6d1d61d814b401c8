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
    // <button data-confirm="question">: ask before an irreversible step.
    var confirmable = event.target.closest("[data-confirm]");
    if (confirmable && !window.confirm(confirmable.getAttribute("data-confirm"))) event.preventDefault();
  });

  // <div data-width="42">: a progress bar's width in percent (an inline style attribute would be refused).
  document.querySelectorAll("[data-width]").forEach(function (el) {
    el.style.width = Number(el.getAttribute("data-width")) + "%";
  });
})();
