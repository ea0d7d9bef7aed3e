// Draws a project's milestone timeline (a Gantt-like chart) from the rows
// its container carries in data-gantt: one bar per milestone, from the
// previous milestone (or the start) to its due date, coloured by result,
// with a line for today.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var colours = { passed: "#1e8e3e", conditional: "#1a73e8", failed: "#d93025", cancelled: "#bdc1c6", overdue: "#d93025", pending: "#f0a800" };
  var locale = document.documentElement.lang === "en" ? "EN" : "ZH";
  document.querySelectorAll("[data-gantt]").forEach(function (el) {
    var g;
    try { g = JSON.parse(el.getAttribute("data-gantt")); } catch (e) { return; }
    var rows = g.rows || [];
    var day = function (s) { return new Date(s + "T00:00:00").getTime(); };
    // The embedded ECharts build has no custom series: each bar is a
    // transparent offset stacked under the visible span, on a time-valued axis.
    var offsets = rows.map(function (r) { return day(r.from); });
    var spans = rows.map(function (r) {
      return { value: Math.max(day(r.to) - day(r.from), 86400000), name: r.name, detail: r.detail,
        itemStyle: { color: colours[r.state] || "#9aa0a6", opacity: r.state === "cancelled" ? 0.5 : 0.9 } };
    });
    var fmt = function (v) { var d = new Date(v); return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2); };
    var chart = echarts.init(el, null, { renderer: "canvas", locale: locale });
    chart.setOption({
      animationDuration: 300,
      tooltip: { confine: true, formatter: function (p) { return p.seriesIndex === 1 ? p.data.name + "<br>" + p.data.detail : ""; } },
      grid: { left: 8, right: 32, top: 28, bottom: 28, containLabel: true },
      xAxis: { type: "value", min: day(g.start), max: day(g.end), splitNumber: 6, axisLabel: { formatter: fmt, hideOverlap: true } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }),
        axisLabel: { width: Math.max(80, Math.min(220, el.clientWidth * 0.3)), overflow: "truncate" } },
      series: [
        { type: "bar", stack: "gantt", silent: true, itemStyle: { color: "transparent" }, data: offsets, barWidth: "50%" },
        { type: "bar", stack: "gantt", data: spans, barWidth: "50%",
          markLine: { symbol: "none", silent: true, label: { formatter: g.names.today, position: "end" },
            lineStyle: { type: "dashed", color: "#202124", width: 1 }, data: [{ xAxis: day(g.today) }] } }
      ]
    });
    var legend = document.createElement("p");
    legend.className = "dash-hint prj-legend";
    Object.keys(g.names.state).forEach(function (k) {
      var item = document.createElement("span");
      var swatch = document.createElement("span");
      swatch.className = "prj-swatch";
      swatch.style.background = colours[k];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(g.names.state[k]));
      legend.appendChild(item);
    });
    el.parentNode.appendChild(legend);
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
