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
  var ELLIPSIS = "\u2026";
  var measure = document.createElement("canvas").getContext("2d");

  function widthOf(text, font) {
    measure.font = font;
    return measure.measureText(text).width;
  }

  function shortened(text, room, font) {
    if (widthOf(text, font) <= room) { return text; }
    while (text.length > 1 && widthOf(text + ELLIPSIS, font) > room) { text = text.slice(0, -1); }
    return text.replace(/[\s,;:]+$/, "") + ELLIPSIS;
  }

  // A category label of a bar chart laid sideways, fitted to the room Chart.js gives its axis (half the chart's
  // width): on a phone "Chờ UBND tỉnh phê duyệt, gửi Bộ" was cut at its start. Words wrap onto as many lines as a bar's
  // band holds, and what is still too long ends in "…"; the tooltip keeps the whole label (Chart.js takes its title
  // from the data, not from the axis).
  function fitted(text, scale, count) {
    var chart = scale.chart;
    var font = Chart.helpers.toFont(scale.options.ticks.font || Chart.defaults.font);
    var room = chart.width / 2 - 16;
    var band = (chart.height - 48) / Math.max(count, 1);
    var lines = Math.max(1, Math.min(3, Math.floor(band / (font.lineHeight || font.size * 1.2))));
    var words = String(text).split(/\s+/), out = [], line = "";
    while (words.length) {
      var next = line ? line + " " + words[0] : words[0];
      if (!line || widthOf(next, font.string) <= room) { line = next; words.shift(); continue; }
      if (out.length === lines - 1) { break; }
      out.push(line); line = "";
    }
    var rest = words.length ? line + " " + words.join(" ") : line;
    out.push(shortened(rest, room, font.string));
    return out.length === 1 ? out[0] : out;
  }

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
      var label = function (value) {
        return fitted(this.getLabelForValue(value), this, spec.labels.length);
      };
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
            y: {stacked: !!spec.stacked, ticks: spec.horizontal ? {callback: label} : {precision: 0}, beginAtZero: true}
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
