/* Disclosure statistics: a bar chart drawn from the figures the page already shows in its
   table (the table stays the accessible source; the chart is aria-hidden decoration).
   Needs the vendored ECharts (make vendor); without it nothing happens. No inline script:
   the data come from a <script type="application/json"> block (json_script). */
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") { return; }
  var charts = [];
  document.querySelectorAll("[data-chart-data]").forEach(function (holder) {
    var source = document.getElementById(holder.getAttribute("data-chart-data"));
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    if (!data.labels || !data.labels.length) { return; }
    holder.hidden = false;
    // One bar a line: the chart grows with the labels, long names are cut (the table has them).
    holder.style.height = Math.max(160, 44 * data.labels.length + 64) + "px";
    var labelWidth = Math.max(80, Math.floor(holder.clientWidth * 0.4));
    var chart = window.echarts.init(holder, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", max: data.max || null, name: data.unit || "" },
      yAxis: {
        type: "category", data: data.labels, inverse: true,
        axisLabel: { width: labelWidth, overflow: "truncate" }
      },
      series: [{ type: "bar", data: data.values, label: { show: true, position: "right" } }]
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
