/* Charts of the programme's figures (dashboard/_figure_table.html), drawn with the vendored Chart.js 4.6.1.
   Data comes from a json_script element next to each canvas ({type, labels, datasets, urls}; a dataset may
   carry urls of its own); every figure
   also stands in the table beside its chart, whose cells link to the same lists. A click on a bar or a point
   opens the list behind it (the drill-down). Colours: the Okabe–Ito palette, readable with colour blindness. */
(function () {
  "use strict";
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var canvases = document.querySelectorAll("canvas[data-chart]");
  if (!canvases.length || typeof Chart === "undefined") { return; }

  function draw() {
    Chart.defaults.font.family = '"Be Vietnam Pro", system-ui, sans-serif';
    Chart.defaults.color = "#212529";
    canvases.forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      var line = spec.type === "line";
      var datasets = spec.datasets.map(function (set, i) {
        var colour = set.colour || PALETTE[i % PALETTE.length];
        return {
          label: set.label,
          data: set.data,
          backgroundColor: colour,
          borderColor: colour,
          borderWidth: line ? 2 : 0,
          pointRadius: line ? 4 : 0,
          pointStyle: ["circle", "rect", "triangle", "rectRot"][i % 4],
          stack: spec.stacked ? "s" : undefined
        };
      });
      var chart = new Chart(canvas, {
        type: line ? "line" : "bar",
        data: {labels: spec.labels, datasets: datasets},
        options: {
          indexAxis: spec.horizontal ? "y" : "x",
          maintainAspectRatio: false,
          animation: false,
          plugins: {legend: {display: datasets.length > 1, position: "bottom"}},
          scales: {
            x: {stacked: !!spec.stacked, ticks: {precision: 0}},
            y: {stacked: !!spec.stacked, ticks: {precision: 0}, beginAtZero: true}
          },
          onHover: function (event, elements) {
            canvas.style.cursor = elements.length && spec.urls ? "pointer" : "default";
          },
          onClick: function (event, elements) {
            if (!elements.length || !spec.urls) { return; }
            var own = spec.datasets[elements[0].datasetIndex].urls;  // a series may have lists of its own
            var url = (own || spec.urls)[elements[0].index];
            if (url) { window.location.assign(url); }
          }
        }
      });
      canvas.dataset.chartReady = "1";
      canvas.chart = chart;
    });
  }

  // Canvas text is painted once: wait for the page's font (STYLE.md), but never longer than a moment.
  var ready = document.fonts && document.fonts.load ? document.fonts.load('12px "Be Vietnam Pro"') : Promise.resolve();
  Promise.race([ready, new Promise(function (resolve) { setTimeout(resolve, 1500); })]).then(draw, draw);
})();
