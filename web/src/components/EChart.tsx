// Apache ECharts, loaded only with the screens that draw charts (it is most of the bundle).
// SVG renderer: crisp on screen and in print, and the chart resizes with its box.
import { BarChart, LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  SVGRenderer,
]);

const PRINT_TEXT = { fontSize: 7 };
/** On paper a chart is a fifth of the page wide: small type, so the legend keeps clear of the axes. */
const PRINT_OVERRIDES: EChartsCoreOption = {
  legend: { textStyle: PRINT_TEXT, itemWidth: 8, itemHeight: 5, itemGap: 4, padding: 0 },
  grid: { left: 34, right: 6, top: 36, bottom: 18 },
  xAxis: { axisLabel: PRINT_TEXT, nameTextStyle: PRINT_TEXT },
  yAxis: { axisLabel: PRINT_TEXT, nameTextStyle: PRINT_TEXT },
};
/** On a phone the legend wraps to two or three lines: the plot starts below them. */
const NARROW_OVERRIDES: EChartsCoreOption = {
  legend: { itemGap: 6, textStyle: { fontSize: 11 } },
  grid: { top: 64 },
};
const NARROW_PX = 480;

export interface EChartProps {
  option: EChartsCoreOption;
  /** What the chart shows, for screen readers (its data is in the table beside it). */
  label: string;
  height?: number;
}

export default function EChart({ option, label, height = 280 }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const drawn = useRef<EChartsCoreOption | null>(null);
  const layout = useRef<'wide' | 'narrow' | 'print'>('wide');

  /** The chart's own option, then what its surroundings (paper, a phone) change in it. */
  const draw = () => {
    const instance = chart.current;
    if (!instance || !drawn.current) return;
    instance.setOption(drawn.current, { notMerge: true });
    if (layout.current === 'print') instance.setOption(PRINT_OVERRIDES);
    if (layout.current === 'narrow') instance.setOption(NARROW_OVERRIDES);
  };

  useEffect(() => {
    if (!box.current) return;
    const element = box.current;
    const instance = echarts.init(element, undefined, { renderer: 'svg' });
    chart.current = instance;
    const print = window.matchMedia('print');
    const relayout = () => {
      const next = print.matches ? 'print' : element.clientWidth < NARROW_PX ? 'narrow' : 'wide';
      if (next !== layout.current) {
        layout.current = next;
        draw();
      }
      instance.resize();
    };
    const observer = new ResizeObserver(relayout);
    observer.observe(element);
    window.addEventListener('beforeprint', relayout);
    // After the print layout has settled, so the chart takes its panel's new width.
    const onMedia = () => requestAnimationFrame(relayout);
    print.addEventListener('change', onMedia);
    return () => {
      observer.disconnect();
      print.removeEventListener('change', onMedia);
      window.removeEventListener('beforeprint', relayout);
      instance.dispose();
      chart.current = null;
    };
    // draw reads refs only: the effect runs once per chart.
  }, []);

  useEffect(() => {
    drawn.current = { animation: false, ...option };
    draw();
  }, [option]);

  return <div ref={box} className="chart" style={{ height }} role="img" aria-label={label} />;
}
