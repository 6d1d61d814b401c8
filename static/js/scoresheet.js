/* The scoring sheet: running totals per part, autosave of the draft with optimistic locking.
   Plain JavaScript. The form also works without it (the "Lưu nháp" / "Nộp phiếu" buttons post normally). */
(function () {
  "use strict";
  var form = document.getElementById("scoresheet");
  if (!form) return;
  var locked = form.dataset.locked === "1";
  var versionInput = document.getElementById("sheet-version");
  var statusEl = document.getElementById("save-status");
  var conflictEl = document.getElementById("sheet-conflict");
  var timer = null;
  var inFlight = null;
  var dirty = false;
  var stale = false;

  function recompute() {
    var parts = {};
    var total = 0;
    var fieldsets = form.querySelectorAll("fieldset.criterion");
    var points = {};
    fieldsets.forEach(function (fs) {
      var checked = fs.querySelector("input[type=radio]:checked");
      points[fs.dataset.criterion] = checked ? parseInt(checked.dataset.points, 10) || 0 : 0;
    });
    fieldsets.forEach(function (fs) {
      var value = points[fs.dataset.criterion];
      // "Chỉ áp dụng khi…" (e.g. 5.2 needs a product story in 5.1): 0 while the condition scores 0,
      // exactly as the server computes the total.
      var condition = fs.dataset.appliesIf;
      var voided = Boolean(condition) && !points[condition];
      if (voided) value = 0;
      var note = fs.querySelector("[data-applies-if-note]");
      if (note) note.classList.toggle("d-none", !(voided && fs.querySelector("input[type=radio]:checked")));
      parts[fs.dataset.part] = (parts[fs.dataset.part] || 0) + value;
      total += value;
    });
    form.querySelectorAll("[data-total-part]").forEach(function (el) {
      el.textContent = String(parts[el.dataset.totalPart] || 0);
    });
    form.querySelectorAll("[data-total=all]").forEach(function (el) { el.textContent = String(total); });
  }

  function setStatus(text) { if (statusEl) statusEl.textContent = text; }
  // The messages come from the page (data-saving, data-saved…), in the member's language.
  function say(name) { return statusEl ? statusEl.dataset[name] || "" : ""; }

  function showConflict(message) {
    stale = true;
    conflictEl.textContent = message;
    conflictEl.classList.remove("d-none");
    setStatus("");
    conflictEl.scrollIntoView({ behavior: "smooth", block: "center" });
  }

  function save() {
    timer = null;
    if (stale || locked || !dirty) return Promise.resolve(true);
    dirty = false;
    setStatus(say("saving"));
    var data = new FormData(form);
    data.delete("action");
    inFlight = fetch(form.dataset.autosaveUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (res) {
      inFlight = null;
      if (res.status === 200 && res.body.ok) {
        versionInput.value = String(res.body.version);
        var now = new Date();
        setStatus(say("saved").replace("{time}", String(now.getHours()).padStart(2, "0") + ":" +
                  String(now.getMinutes()).padStart(2, "0")));
        return true;
      }
      if (res.status === 409) { showConflict(res.body.errors.join(" ")); return false; }
      setStatus(res.body.errors ? res.body.errors.join(" ") : say("failed"));
      return false;
    }).catch(function () {
      inFlight = null;
      dirty = true;
      setStatus(say("offline"));
      return false;
    });
    return inFlight;
  }

  function schedule() {
    dirty = true;
    setStatus(say("dirty"));
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 800);
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") recompute();
    schedule();
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") schedule();
  });

  // Submit: flush the pending autosave first so the posted version is the current one.
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (stale) { event.preventDefault(); return; }
    // the confirmation (data-confirm) is asked by ui.js before this handler runs
    if (timer || inFlight) {
      event.preventDefault();
      if (timer) { clearTimeout(timer); timer = null; }
      Promise.resolve(inFlight).then(function () { return dirty ? save() : true; }).then(function (ok) {
        if (!ok || stale) return;
        dirty = false;
        if (button) {
          var hidden = document.createElement("input");
          hidden.type = "hidden"; hidden.name = button.name; hidden.value = button.value;
          form.appendChild(hidden);
        }
        form.submit();
      });
    }
  });

  // Leaving the page: try to save what is pending (no blocking dialog).
  window.addEventListener("pagehide", function () {
    if (dirty && !stale && timer) { clearTimeout(timer); save(); }
  });

  recompute();
})();
