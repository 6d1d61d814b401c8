/* Behaviour pages ask for with data- attributes, so that no page needs an inline <script> or an on*= handler
   (the Content-Security-Policy allows scripts from this site's files only). */
(function () {
  "use strict";

  // <select data-autosubmit>: submit its form when the choice changes (the language switch).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) el.form.submit();
  });

  // <ul data-keep-active-in-view>: a row of links that scrolls sideways on a phone (the public navigation) shows
  // the current page's link, even when it lies beyond the screen's edge.
  document.querySelectorAll("[data-keep-active-in-view]").forEach(function (row) {
    var active = row.querySelector(".active");
    if (!active) return;
    var edge = row.getBoundingClientRect(), link = active.getBoundingClientRect();
    if (link.right > edge.right) row.scrollLeft += link.left - edge.left - 8;
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

  // <input type="file" data-max-bytes data-too-large="… {name} …">: a chosen file over the upload limit is named next
  // to the input at once, and the form is not sent with it (ocop.forms.upload_limit_widget). Listening in the
  // capture phase, before the confirmation below: nothing is asked or sent for a form that would be refused.
  var filesTooLarge = function (input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    return Array.prototype.filter.call(input.files || [], function (file) { return file.size > limit; });
  };
  var showFilesTooLarge = function (input) {
    var note = input.parentNode.querySelector("[data-too-large-note]");
    if (note) {
      note.remove();
      input.classList.remove("is-invalid"); // it came with the note
    }
    var large = filesTooLarge(input);
    if (!large.length) return false;
    input.classList.add("is-invalid");
    note = document.createElement("div");
    note.className = "invalid-feedback d-block";
    note.setAttribute("data-too-large-note", "");
    note.setAttribute("role", "alert");
    note.textContent = large.map(function (file) {
      return input.getAttribute("data-too-large").replace("{name}", file.name);
    }).join(" ");
    input.insertAdjacentElement("afterend", note);
    return true;
  };
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-max-bytes]")) showFilesTooLarge(input);
  });
  document.addEventListener(
    "submit",
    function (event) {
      var inputs = event.target.querySelectorAll("input[type=file][data-max-bytes]");
      var refused = Array.prototype.filter.call(inputs, showFilesTooLarge);
      if (!refused.length) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      refused[0].focus();
    },
    true
  );

  // <input type="file" data-choose="Chọn tệp" data-none-chosen="Chưa chọn tệp">: the browser words its own button and
  // "No file chosen" in the language it was installed with, not the page's (ocop.forms.file_choice_widget). The real
  // input stays, visually hidden but still the one focused with Tab, named by the field's label and opened with Space
  // or Enter; before it, a button in the page's language opens it (a mouse), and a line says what was chosen, read
  // out when it changes. Without this script the browser's own input shows.
  var chosenFiles = function (input) {
    var names = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    return names.length ? names.join(", ") : input.getAttribute("data-none-chosen");
  };
  document.querySelectorAll("input[type=file][data-choose]").forEach(function (input) {
    var box = document.createElement("div");
    box.className = "file-choose";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.tabIndex = -1; // the input itself takes the focus
    button.setAttribute("aria-hidden", "true");
    button.textContent = input.getAttribute("data-choose");
    button.disabled = input.disabled;
    button.addEventListener("click", function () { input.click(); });
    var chosen = document.createElement("span");
    chosen.className = "file-choose-name";
    chosen.setAttribute("aria-live", "polite");
    chosen.setAttribute("data-file-chosen", "");
    chosen.textContent = chosenFiles(input);
    box.append(button, chosen);
    input.before(box);
    input.classList.add("visually-hidden");
  });
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-choose]")) return;
    var box = input.previousElementSibling;
    if (box && box.matches(".file-choose")) box.querySelector("[data-file-chosen]").textContent = chosenFiles(input);
  });

  // <button type="submit" data-confirm="question">: ask once before an irreversible step. Listening in the
  // capture phase runs before the form's own submit handlers (the score sheet's autosave flush), and a "no"
  // stops them too, so nothing is sent.
  document.addEventListener(
    "submit",
    function (event) {
      var button = event.submitter;
      if (event.target.hasAttribute("data-resent")) return; // confirmed before the session check held it (below)
      if (button && button.hasAttribute("data-confirm") && !window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  // <body data-session-url data-idle-seconds>: an officer's session ends after that long without a request
  // (ocop.middleware.OfficerIdleTimeoutMiddleware), and typing a long form sends none. While the person works on the
  // page (keys, clicks), it asks the server every few minutes whether the session is still open, which also keeps it
  // open. A form about to be sent after a longer silence is held until the answer comes: sent if the session is
  // open, kept on the page with a notice if it has ended (the sign-in page would have dropped what was typed). A
  // form sent after signing in again in another tab carries that sign-in's CSRF token, read from its cookie.
  var sessionUrl = document.body.getAttribute("data-session-url");
  if (sessionUrl) {
    var idleMs = Number(document.body.getAttribute("data-idle-seconds")) * 1000;
    var askEvery = Math.min(5 * 60 * 1000, idleMs / 3);
    var lastContact = Date.now(); // the page's own request
    var asking = null;
    var ended = document.querySelector("[data-session-ended]");
    var askSession = function () {
      if (!asking) {
        asking = fetch(sessionUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
          asking = null;
          if (response.status === 401) {
            if (ended) { ended.classList.remove("d-none"); ended.scrollIntoView({ block: "center" }); }
            return false;
          }
          lastContact = Date.now();
          if (ended) ended.classList.add("d-none");
          return true;
        }, function () { asking = null; return true; }); // offline: let the browser try the form itself
      }
      return asking;
    };
    var csrfCookie = function () {
      var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      return match ? decodeURIComponent(match[1]) : "";
    };
    ["keydown", "pointerdown"].forEach(function (type) {
      document.addEventListener(type, function () {
        if (Date.now() - lastContact >= askEvery) askSession();
      }, { capture: true, passive: true });
    });
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.hasAttribute("data-resent")) { form.removeAttribute("data-resent"); return; }
      if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") return;
      var token = csrfCookie();
      if (token) form.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach(function (i) { i.value = token; });
      // Within the last minute of the idle time (the server notes a request at most once a minute): ask first.
      if (Date.now() - lastContact < idleMs - 90 * 1000) return;
      event.preventDefault();
      var submitter = event.submitter;
      askSession().then(function (open) {
        if (!open) return;
        form.setAttribute("data-resent", ""); // asked to confirm already: not asked twice
        form.requestSubmit(submitter || undefined);
      });
    });
  }

  // <input type="checkbox" data-check-all="name">: ticks or clears every checkbox of that name in its form (the rows
  // of one page of a list); it shows ticked when all are, and half-ticked when some are.
  var rowsOf = function (all) {
    var name = all.getAttribute("data-check-all");
    return all.form ? all.form.querySelectorAll('input[type=checkbox][name="' + name + '"]') : [];
  };
  var checkAllState = function (all) {
    var boxes = rowsOf(all);
    var ticked = Array.prototype.filter.call(boxes, function (box) { return box.checked; }).length;
    all.checked = boxes.length > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  };
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.matches || !el.form) return;
    if (el.matches("[data-check-all]")) {
      rowsOf(el).forEach(function (box) { box.checked = el.checked; });
    } else if (el.type === "checkbox" && el.name) {
      el.form.querySelectorAll('[data-check-all="' + el.name + '"]').forEach(checkAllState);
    }
  });
  document.querySelectorAll("[data-check-all]").forEach(checkAllState);

  // <main data-print-filters="Filtered by">: a list's filter form is not printed (static/css/ocop.css); the filters it
  // applies print as one line after it instead, each set field by its label and its value as shown ("Tình trạng: Sắp
  // hết hạn"). Read when the page loads, so the line says what the list shows, not what was changed since. A GET form
  // that filters nothing (the report's PDF: who signs it) is marked <form data-not-a-filter> and prints no line.
  var fieldLabel = function (el) {
    if (el.labels && el.labels.length) {
      var label = el.labels[0].cloneNode(true);  // without the "*" a required field's label carries
      label.querySelectorAll(".asteriskField").forEach(function (mark) { mark.remove(); });
      return label.textContent.trim();
    }
    return (el.getAttribute("aria-label") || el.getAttribute("placeholder") || "").trim();
  };
  var appliedFilters = function (form) {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || ["hidden", "submit", "button", "reset"].indexOf(el.type) !== -1) return;
      var label = fieldLabel(el);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked && label) parts.push(label);
        return;
      }
      var value = el.tagName === "SELECT"
        ? Array.prototype.filter.call(el.selectedOptions, function (o) { return o.value !== ""; })
          .map(function (o) { return o.textContent.trim(); }).join(", ")
        : el.value.trim();
      if (value) parts.push(label ? label + ": " + value : value);
    });
    return parts;
  };
  var main = document.querySelector("main[data-print-filters]");
  if (main) {
    main.querySelectorAll("form[method=get]:not([data-not-a-filter])").forEach(function (form) {
      var parts = appliedFilters(form);
      if (!parts.length) return;
      var line = document.createElement("p");
      line.className = "print-filters small";
      line.textContent = main.getAttribute("data-print-filters") + ": " + parts.join(" · ");
      (form.closest("details") || form).after(line);
    });
  }

  // <div data-width="42">: a progress bar's width in percent (an inline style attribute would be refused).
  document.querySelectorAll("[data-width]").forEach(function (el) {
    el.style.width = Number(el.getAttribute("data-width")) + "%";
  });
})();
