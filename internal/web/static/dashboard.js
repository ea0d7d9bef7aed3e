// Draws the dashboard's charts from the options each container carries in
// data-chart, and keeps them sized to their containers. A chart with
// data-links opens the ledger view of the category clicked (with the light
// of the series clicked, from data-lights). Inside [data-chart-theme] (the
// wall screen) the charts take that theme, and charts swapped in by htmx
// are drawn too.
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

  function parse(el, name) {
    try { return JSON.parse(el.getAttribute(name)); } catch (e) { return null; }
  }

  function draw(root) {
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      var opts = parse(el, "data-chart");
      if (!opts) { return; }
      var themed = el.closest("[data-chart-theme]");
      var theme = themed ? themed.getAttribute("data-chart-theme") : null;
      el.textContent = "";
      var chart = echarts.init(el, theme, { renderer: "canvas", locale: locale });
      if (theme) { opts.backgroundColor = "transparent"; }
      chart.setOption(fitLabels(el, opts));
      var links = parse(el, "data-links"), lights = parse(el, "data-lights") || {};
      if (links) {
        el.classList.add("dash-chart-links");
        chart.on("click", function (p) {
          var href = links[p.dataIndex];
          if (!href) { return; }
          if (lights[p.seriesName]) { href += "&light=" + encodeURIComponent(lights[p.seriesName]); }
          window.location.href = href;
        });
      }
      charts.push({ el: el, chart: chart, opts: opts });
    });
  }

  draw(document);
  document.body.addEventListener("htmx:afterSettle", function (e) {
    charts = charts.filter(function (c) {
      if (document.body.contains(c.el)) { return true; }
      c.chart.dispose();
      return false;
    });
    draw(e.target);
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
