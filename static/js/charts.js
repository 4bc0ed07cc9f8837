/* Draws every chart of the page with plotly.js (dashboards/charts/ builds the figures).
 *
 * Each chart is a <div data-chart="ID"> whose figure sits in <script type="application/json"
 * id="ID"> (Django's json_script). Nothing leaves our host: no mode bar (no "edit in Chart
 * Studio" link, no image export), no MathJax, no topojson. The drawing is role="img" with a label;
 * the table beside it is the accessible path to the numbers, so the plot holds no focusable
 * element. Before printing, the tables open and the charts scale to the page's width.
 */
(function () {
  "use strict";

  var CONFIG = {
    displayModeBar: false,
    displaylogo: false,
    showLink: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    showTips: false,
    scrollZoom: false,
    doubleClick: false,
    staticPlot: false,
    responsive: true,
    typesetMath: false,
    topojsonURL: ""
  };

  function readFigure(container) {
    var source = document.getElementById(container.getAttribute("data-chart"));
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  // On a phone, quarter labels (« T1 2023-2024 ») would be turned on their side and crowd the
  // axis: they are written on two short lines (« T1 / 23-24 ») instead; the table beside the
  // chart keeps the full labels.
  var NARROW = 576;
  var QUARTER = /^(T\d) \d\d(\d\d)-\d\d(\d\d)$/;

  function shortLabels(figure) {
    var seen = [];
    (figure.data || []).forEach(function (trace) {
      (trace.x || []).forEach(function (label) {
        if (typeof label === "string" && seen.indexOf(label) === -1) {
          seen.push(label);
        }
      });
    });
    if (!seen.length || !seen.every(function (label) { return QUARTER.test(label); })) {
      return null;
    }
    return {
      tickvals: seen,
      ticktext: seen.map(function (label) { return label.replace(QUARTER, "$1<br>$2-$3"); })
    };
  }

  function draw(container) {
    var figure = readFigure(container);
    if (!figure) {
      return;
    }
    var layout = figure.layout || {};
    if (container.clientWidth < NARROW && layout.xaxis && layout.xaxis.type === "category") {
      var ticks = shortLabels(figure);
      if (ticks) {
        layout.xaxis.tickvals = ticks.tickvals;
        layout.xaxis.ticktext = ticks.ticktext;
        layout.xaxis.tickangle = 0;
        layout.xaxis.tickfont = Object.assign({}, layout.xaxis.tickfont, { size: 11 });
      }
    }
    if (container.clientWidth < NARROW && layout.legend) {
      // A legend of three entries takes two lines on a phone: room for them under the axis.
      layout.legend = Object.assign({}, layout.legend, { font: { size: 12 } });
      layout.height = (layout.height || 340) + 40;
      layout.margin = Object.assign({}, layout.margin, { b: 48 });
    }
    window.Plotly.newPlot(container, figure.data || [], figure.layout || {}, CONFIG).then(
      function () {
        container.classList.add("is-drawn");
        // The SVG repeats what the label and the table say: keep it out of the reading order.
        container.querySelectorAll("svg").forEach(function (svg) {
          svg.setAttribute("aria-hidden", "true");
          svg.setAttribute("focusable", "false");
        });
      }
    );
  }

  // Printing: the drawing keeps its screen size but scales to the page's width (a viewBox on
  // plotly's SVG layers), since plotly.js redraws too late for the printout.
  var printed = [];

  function fitForPrint(container) {
    var layout = container._fullLayout;
    var box = container.querySelector(".svg-container");
    if (!layout || !box) {
      return;
    }
    container.querySelectorAll(".main-svg").forEach(function (svg) {
      svg.setAttribute("viewBox", "0 0 " + layout.width + " " + layout.height);
      svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
    });
    box.style.aspectRatio = layout.width + " / " + layout.height;
    container.classList.add("is-printing");
    printed.push(container);
  }

  function unfit(container) {
    container.classList.remove("is-printing");
    container.querySelectorAll(".main-svg").forEach(function (svg) {
      svg.removeAttribute("viewBox");
      svg.removeAttribute("preserveAspectRatio");
    });
    var box = container.querySelector(".svg-container");
    if (box) {
      box.style.aspectRatio = "";
    }
  }

  var openedForPrint = [];

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart__data:not([open])").forEach(function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
    document.querySelectorAll(".chart__plot.is-drawn").forEach(fitForPrint);
  });

  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) {
      details.open = false;
    });
    openedForPrint = [];
    printed.forEach(unfit);
    printed = [];
  });

  function drawAll() {
    if (!window.Plotly) {
      return; // plotly.js did not load: the tables still carry every number.
    }
    document.querySelectorAll("[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
