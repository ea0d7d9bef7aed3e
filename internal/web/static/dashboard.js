// Draws the dashboard's charts from the options each container carries in
// data-chart, and keeps them sized to their containers.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var locale = document.documentElement.lang === "en" ? "EN" : "ZH";
  var charts = [];

  // Category labels on the left take at most a third of a narrow chart.
  function fitLabels(el, opts) {
    var axis = opts.yAxis;
    if (axis && axis.type === "category" && axis.axisLabel) {
      axis.axisLabel.width = Math.round(Math.max(64, Math.min(160, el.clientWidth * 0.3)));
    }
    return opts;
  }

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var opts;
    try { opts = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
    el.textContent = "";
    var chart = echarts.init(el, null, { renderer: "canvas", locale: locale });
    chart.setOption(fitLabels(el, opts));
    charts.push({ el: el, chart: chart, opts: opts });
  });

  var timer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      charts.forEach(function (c) {
        var y = fitLabels(c.el, c.opts).yAxis;
        if (y && y.type === "category") { c.chart.setOption({ yAxis: { axisLabel: { width: y.axisLabel.width } } }); }
        c.chart.resize();
      });
    }, 120);
  });
})();
