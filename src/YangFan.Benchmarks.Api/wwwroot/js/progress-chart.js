// Draws each [data-chart] element as stacked horizontal bars toward a target line, with ECharts' SVG renderer (its
// text is in the DOM). The page's table beside the chart holds the same numbers, so nothing depends on this script.
(function () {
  'use strict';
  function draw(element) {
    var data = JSON.parse(element.getAttribute('data-chart'));
    var chart = echarts.init(element, null, { renderer: 'svg' });
    var series = data.series.map(function (s) {
      return { name: s.name, type: 'bar', stack: 'progress', data: s.data, barMaxWidth: 18 };
    });
    if (data.target != null && series.length > 0) {
      series[0].markLine = {
        symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#333' },
        label: { formatter: data.targetLabel + ' ' + data.target },
        data: [{ xAxis: data.target }]
      };
    }
    chart.setOption({
      animation: false,
      color: ['#1f6f43', '#b35c00', '#3465a4'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: function (v) { return Math.max(v.max, data.target || 0); } },
      yAxis: { type: 'category', inverse: true, data: data.categories },
      series: series
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }
  document.querySelectorAll('[data-chart]').forEach(draw);
})();
