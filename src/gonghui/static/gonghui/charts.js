/* The dashboards' charts: each <div data-chart="ID"> is drawn with Apache ECharts from the
 * option in <script type="application/json" id="ID"> (Django's json_script), the same rows as
 * the table beside it. No inline script or style: sizes come from data- attributes and are set
 * through element.style, which the Content-Security-Policy allows. */
(function () {
  "use strict";

  var drawn = [];

  function percentLabels(option) {
    // A value axis of percentages is declared with max 100: its tooltip shows the unit too.
    var axes = [].concat(option.xAxis || [], option.yAxis || []);
    var percent = axes.some(function (a) { return a && a.type === "value" && a.max === 100; });
    if (percent && option.tooltip) option.tooltip.valueFormatter = function (v) { return v == null ? "—" : v + "%"; };
  }

  // Value axes: 120000 → 12万, so that amounts fit a phone's width; labels that would overlap hide.
  function compact(v) {
    if (Math.abs(v) >= 100000000) return +(v / 100000000).toFixed(1) + "亿";
    if (Math.abs(v) >= 10000) return +(v / 10000).toFixed(1) + "万";
    return String(v);
  }
  function valueAxes(option) {
    [].concat(option.xAxis || [], option.yAxis || []).forEach(function (axis) {
      if (!axis || axis.type !== "value") return;
      axis.axisLabel = axis.axisLabel || {};
      axis.axisLabel.hideOverlap = true;
      if (!axis.axisLabel.formatter) axis.axisLabel.formatter = compact;
    });
  }

  function draw(root) {
    if (!window.echarts) return;
    var boxes = Array.prototype.slice.call(root.querySelectorAll("[data-chart]"));
    if (root.matches && root.matches("[data-chart]")) boxes.push(root);
    boxes.forEach(function (box) {
      if (box.getAttribute("data-drawn")) return;
      var source = document.getElementById(box.getAttribute("data-chart"));
      if (!source) return;
      var option;
      try {
        option = JSON.parse(source.textContent);
      } catch (e) {
        return;
      }
      box.style.height = (parseInt(box.getAttribute("data-height"), 10) || 300) + "px";
      box.setAttribute("data-drawn", "1");
      percentLabels(option);
      valueAxes(option);
      var chart = window.echarts.init(box, null, { renderer: "canvas" });
      chart.setOption(option);
      drawn.push(chart);
    });
    var tables = Array.prototype.slice.call(root.querySelectorAll("[data-max-height]"));
    tables.forEach(function (el) {
      el.style.maxHeight = el.getAttribute("data-max-height") + "px";
      el.style.overflowY = "auto";
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      drawn.forEach(function (chart) { if (!chart.isDisposed()) chart.resize(); });
    }, 150);
  });

  function start() {
    draw(document);
    if (window.htmx) window.htmx.onLoad(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
