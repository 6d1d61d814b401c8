/* The scoring sheet: running totals per part, autosave of the draft with optimistic locking.
   Plain JavaScript. The form also works without it (the "Lưu nháp" / "Nộp phiếu" buttons post normally). */
(function () {
  "use strict";
  var form = document.getElementById("scoresheet");
  if (!form) return;
  var locked = form.dataset.locked === "1";
  // The page shows what another tab or device saved against what it holds (a refused save): nothing is saved
  // until the member saves on purpose ("Lưu nháp" posts the form), or a click would put every criterion of the
  // page over the other tab's at once.
  var held = form.dataset.held === "1";
  var versionInput = document.getElementById("sheet-version");
  var BASE_PREFIX = "initial-";
  var baseInputs = form.querySelectorAll("input[type=hidden][name^='" + BASE_PREFIX + "']");
  var statusEl = document.getElementById("save-status");
  var conflictEl = document.getElementById("sheet-conflict");
  var timer = null;
  var retryTimer = null;
  var inFlight = null;
  var dirty = false;
  var stale = false;
  var unsaved = false; // the last autosave could not reach the server: choices exist only on this page
  var sending = false; // the form itself is being posted, with every choice
  var RETRY_MS = 5000;
  // Fields this page and another tab changed differently (a refused autosave names them): each shows both values
  // and keeps the member's choice on the page, while the autosave sends the saved one, until the member chooses here.
  var disputed = {};

  function recompute() {
    var parts = {};
    var total = 0;
    var fieldsets = form.querySelectorAll("fieldset.criterion");
    var points = {};
    var chosen = {};
    fieldsets.forEach(function (fs) {
      var checked = fs.querySelector("input[type=radio]:checked");
      points[fs.dataset.criterion] = checked ? parseInt(checked.dataset.points, 10) || 0 : 0;
      chosen[fs.dataset.criterion] = Boolean(checked);
    });
    fieldsets.forEach(function (fs) {
      var value = points[fs.dataset.criterion];
      // "Chỉ áp dụng khi…" (e.g. 5.2 needs a product story in 5.1): 0 while the condition scores 0,
      // exactly as the server computes the total; once the condition is answered with 0 it needs no answer either.
      var condition = fs.dataset.appliesIf;
      var voided = Boolean(condition) && !points[condition];
      if (voided) value = 0;
      var note = fs.querySelector("[data-applies-if-note]");
      var shown = voided && (chosen[fs.dataset.criterion] || chosen[condition]);
      if (note) note.classList.toggle("d-none", !shown);
      if (voided && chosen[condition]) {
        fs.classList.remove("border-danger");
        var unanswered = fs.querySelector("[data-testid=criterion-unanswered]");
        if (unanswered) unanswered.remove();
      }
      parts[fs.dataset.part] = (parts[fs.dataset.part] || 0) + value;
      total += value;
    });
    form.querySelectorAll("[data-total-part]").forEach(function (el) {
      el.textContent = String(parts[el.dataset.totalPart] || 0);
    });
    form.querySelectorAll("[data-total=all]").forEach(function (el) { el.textContent = String(total); });
  }

  function setStatus(text) { if (statusEl) statusEl.textContent = text; }
  function csrfCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  // The messages come from the page (data-saving, data-saved…), in the member's language.
  function say(name) { return statusEl ? statusEl.dataset[name] || "" : ""; }

  function showConflict(message) {
    stale = true;
    conflictEl.classList.replace("alert-warning", "alert-danger");
    conflictEl.textContent = message;
    conflictEl.classList.remove("d-none");
    setStatus("");
    conflictEl.scrollIntoView({ behavior: "smooth", block: "center" });
  }

  function baseInput(name) {
    return form.querySelector("input[type=hidden][name='" + BASE_PREFIX + name + "']");
  }
  // A value as the server gives it (sheet_fields: knocked_out is true/false) as the form sends it.
  function formValue(name, value) {
    if (name === "knocked_out") return value ? "on" : "";
    return value === null || value === undefined ? "" : String(value);
  }
  function pageValue(name) { return new FormData(form).get(name) || ""; }
  function setPageValue(name, value) {
    form.querySelectorAll("[name='" + name + "']").forEach(function (field) {
      if (field.type === "radio") field.checked = field.value === value;
      else if (field.type === "checkbox") field.checked = value !== "";
      else field.value = value;
    });
  }

  // What another tab saved on fields this page had left as it last saved them: the page shows it (unless the member
  // changed the field again since `sent` went) and merges from it from now on.
  function takeFromElsewhere(taken, sent) {
    Object.keys(taken || {}).forEach(function (name) {
      var value = formValue(name, taken[name]);
      if (pageValue(name) === (sent.get(name) || "")) setPageValue(name, value);
      var input = baseInput(name);
      if (input) input.value = value;
    });
    recompute();
  }

  function markDisputed(name, message) {
    disputed[name] = true;
    var old = form.querySelector("[data-disputed='" + name + "']");
    if (old) old.remove();
    var note = document.createElement("div");
    note.className = "alert alert-warning small py-1 px-2 mb-1";
    note.dataset.disputed = name;
    note.textContent = message;
    var criterion = /^c(\d+)$/.exec(name);
    if (criterion) {
      note.setAttribute("data-testid", "criterion-conflict");
      form.querySelector("#criterion-" + criterion[1] + " > legend").after(note);
      return note;
    }
    var field = form.querySelector("[name='" + name + "']");
    note.setAttribute("data-testid", /^note\d+$/.test(name) ? "criterion-conflict" : "field-conflict");
    var details = field.closest("details");
    if (details) details.open = true;
    if (field.closest(".form-check")) field.closest(".form-check").after(note);
    else field.before(note);
    return note;
  }

  // The member chose on a disputed field: their choice is sent from now on.
  function settle(name) {
    if (!disputed[name]) return;
    delete disputed[name];
    var note = form.querySelector("[data-disputed='" + name + "']");
    if (note) note.remove();
    if (!Object.keys(disputed).length && !stale) conflictEl.classList.add("d-none");
  }

  // A refused autosave that names the fields both changed: the page goes on from what is saved now (its version and
  // values), shows both values beside each of those, and its other changes are sent again at once.
  function showDisputes(body, sent) {
    versionInput.value = String(body.version);
    Object.keys(body.saved).forEach(function (name) {
      var input = baseInput(name);
      if (input) input.value = formValue(name, body.saved[name]);
    });
    takeFromElsewhere(body.taken, sent);
    var first = null;
    Object.keys(body.conflicts).forEach(function (name) {
      var note = markDisputed(name, body.conflicts[name]);
      first = first || note;
    });
    conflictEl.textContent = conflictEl.dataset.disputed;
    conflictEl.classList.replace("alert-danger", "alert-warning");
    conflictEl.classList.remove("d-none");
    if (first) first.scrollIntoView({ behavior: "smooth", block: "center" });
    dirty = true;
    return save();
  }

  // Tried again every few seconds, and at once when the browser says it is back online, as the status promises.
  function retryLater() {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { retryTimer = null; save(); }, RETRY_MS);
  }

  function save() {
    timer = null;
    if (stale || locked || held || !dirty) return Promise.resolve(true);
    // One autosave at a time: a choice made while the last one is on its way (a slow mobile network) is sent
    // after it, with the version it returns. Sent at once, it carried the old version and was refused as a
    // change from another tab, and that choice was lost.
    if (inFlight) return inFlight.then(function () { return save(); });
    if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
    dirty = false;
    setStatus(say("saving"));
    var data = new FormData(form);
    data.delete("action");
    // What the page last saved (initial-…) goes with it: if another tab saved meanwhile, the server merges the two as
    // it does the form's own save, and refuses only a field both changed differently. Such a field is sent as saved
    // until the member chooses on it again.
    Object.keys(disputed).forEach(function (name) { data.set(name, baseInput(name).value); });
    // The token of the cookie, read at each save, not the one the page was served with: signing in again (in
    // another tab, after the session ended) gives a new one, and the page's would be refused.
    var token = data.get("csrfmiddlewaretoken");
    data.delete("csrfmiddlewaretoken");
    inFlight = fetch(form.dataset.autosaveUrl, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest", "X-CSRFToken": csrfCookie() || token },
    }).then(function (response) {
      if (response.redirected && new URL(response.url).pathname === form.dataset.loginPath) {
        return { status: 401, body: {} };  // the session ended: the sign-in page answered, not the save
      }
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (res) {
      inFlight = null;
      if (res.status === 401) {
        // Kept on this page and tried again until the member has signed in again (in another tab).
        dirty = true;
        unsaved = true;
        setStatus(say("signedOut"));
        retryLater();
        return false;
      }
      unsaved = false;
      if (res.status === 200 && res.body.ok) {
        versionInput.value = String(res.body.version);
        // The page is now loaded with what it sent, at that version (and what another tab saved that it kept): the
        // next save merges from there.
        baseInputs.forEach(function (input) {
          input.value = data.get(input.name.slice(BASE_PREFIX.length)) || "";
        });
        takeFromElsewhere(res.body.taken, data);
        var now = new Date();
        setStatus(say("saved").replace("{time}", String(now.getHours()).padStart(2, "0") + ":" +
                  String(now.getMinutes()).padStart(2, "0")));
        return true;
      }
      if (res.status === 409 && res.body.conflicts) return showDisputes(res.body, data);
      if (res.status === 409) { showConflict(res.body.errors.join(" ")); return false; }
      setStatus(res.body.errors ? res.body.errors.join(" ") : say("failed"));
      return false;
    }).catch(function () {
      inFlight = null;
      dirty = true;
      unsaved = true;
      setStatus(say("offline"));
      retryLater();
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

  // A criterion a refused submission marked as unanswered stops saying so once an option is chosen.
  function answered(radio) {
    var fieldset = radio.closest("fieldset.criterion");
    if (!fieldset) return;
    fieldset.classList.remove("border-danger");
    var note = fieldset.querySelector("[data-testid=criterion-unanswered]");
    if (note) note.remove();
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") { recompute(); answered(event.target); }
    settle(event.target.name);
    schedule();
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { settle(event.target.name); schedule(); }
  });
  // Choosing again the option the page already holds on a disputed criterion (no "change"): keep it.
  form.addEventListener("click", function (event) {
    if (event.target.type === "radio" && disputed[event.target.name]) { settle(event.target.name); schedule(); }
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
        sending = true;
        form.submit();
      });
    }
  });

  // The form posted by the browser (after every other handler, ui.js's session check included, let it go).
  window.addEventListener("submit", function (event) {
    if (event.target === form && !event.defaultPrevented) sending = true;
  });

  window.addEventListener("online", function () {
    if (dirty && !stale && !timer) save();
  });

  // Leaving the page: try to save what is pending. Only choices the server could not be reached for (no
  // connection) make the browser ask first: leaving would lose them.
  window.addEventListener("pagehide", function () {
    if (dirty && !stale && !inFlight) { clearTimeout(timer); save(); }
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved && dirty && !stale && !sending) { event.preventDefault(); event.returnValue = ""; }
  });

  recompute();
})();
