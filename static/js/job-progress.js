/* Progress of a background job (templates/ocop/_job_progress.html): polls the one status JSON
   (ocop.views.job_status) and reloads the page once the job has finished, so the server shows the outcome
   (the download, the row errors). A network error is shown, never swallowed, and the poll retries with a
   growing delay (up to 30 s) until the server answers again. */
(function () {
  "use strict";
  document.querySelectorAll("[data-job-status-url]").forEach(function (box) {
    if (box.dataset.jobFinished === "1") { return; }
    var url = box.dataset.jobStatusUrl;
    var progress = box.querySelector("[data-job-progress]");
    var bar = box.querySelector("[data-job-bar]");
    var state = box.querySelector("[data-job-state]");
    var warning = box.querySelector("[data-job-network-error]");
    var delay = 1000;

    function show(data) {
      progress.setAttribute("aria-valuenow", data.percent);
      bar.style.width = data.percent + "%";
      bar.textContent = data.percent + "%";
      state.textContent = data.status_label + " (" + data.done + "/" + data.total + ")";
    }

    function poll() {
      fetch(url, {credentials: "same-origin", cache: "no-store", headers: {"Accept": "application/json"}})
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (data) {
          warning.classList.add("d-none");
          delay = 1000;
          show(data);
          if (data.finished) { window.location.reload(); } else { setTimeout(poll, 1500); }
        })
        .catch(function () {
          warning.classList.remove("d-none");
          delay = Math.min(delay * 2, 30000);
          setTimeout(poll, delay);
        });
    }
    setTimeout(poll, 1000);
  });
})();
