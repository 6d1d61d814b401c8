/* Follows a background job (Excel import, certificate ZIP) on its page:
   <div data-job-url="…json url…" data-job-interval="1500" [data-job-reload]>
     <div role="progressbar"><div class="progress-bar" data-job-bar></div></div>
     <p data-job-status></p> <a data-job-download class="d-none">…</a>
   The JSON gives percent, status (+ status_label, done/total), and finished or download when the job is over. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-url]");
  if (!box) return;
  var url = box.getAttribute("data-job-url");
  var interval = Number(box.getAttribute("data-job-interval") || 1500);
  var bar = box.querySelector("[data-job-bar]");
  var status = box.querySelector("[data-job-status]");
  var download = box.querySelector("[data-job-download]");

  function show(data) {
    if (bar) {
      bar.style.width = data.percent + "%";
      bar.textContent = data.percent + "%";
      bar.parentElement.setAttribute("aria-valuenow", data.percent);
    }
    if (status) {
      status.textContent = data.status_label || data.status + " (" + data.done + "/" + data.total + ")";
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        show(data);
        if (data.download && download) {
          download.setAttribute("href", data.download);
          download.classList.remove("d-none");
          return;
        }
        if (data.finished) {
          if (box.hasAttribute("data-job-reload")) window.location.reload();
          return;
        }
        if (data.status !== "failed") setTimeout(poll, interval);
      })
      .catch(function () { setTimeout(poll, interval * 3); });
  }

  setTimeout(poll, interval);
})();
