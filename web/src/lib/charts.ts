// Chart options built from report rows: plain functions so they are tested without a browser.
import type { EChartsCoreOption } from 'echarts/core';
import type { TargetRow, Timeseries } from '../api/types';

export const ACCENT = '#0b6e4f';
const INK = '#1f2933';
const MUTED = '#616e7c';
const TARGET = '#9a3412';

// ECharts measures text itself: it needs a real font list, not 'inherit'.
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
const baseText = { color: INK, fontFamily: FONT };

/**
 * The cumulative line, the linear target line (dashed) and the projection to endsOn (dotted).
 * With `program`, the target line runs on to the program's end (where it reaches the target),
 * not only to today. An empty series gets whole-number axes (no 0.2 trainees).
 */
export function timeseriesOption(
  series: Timeseries,
  projection: { endsOn: string; projectedAtEnd: number | null } | null,
  program?: { endsOn: string; target: number },
): EChartsCoreOption {
  const points = series.points;
  const lastPoint = points[points.length - 1];
  const targetLine = points.map((p) => [p.date, p.target]);
  if (program && (!lastPoint || program.endsOn > lastPoint.date)) {
    targetLine.push([program.endsOn, program.target]);
  }
  const last = points[points.length - 1];
  const projected =
    projection && last && projection.projectedAtEnd !== null && projection.endsOn > last.date
      ? [
          [last.date, last.value],
          [projection.endsOn, projection.projectedAtEnd],
        ]
      : [];
  return {
    textStyle: baseText,
    grid: { left: 56, right: 16, top: 36, bottom: 32 },
    legend: { top: 0, textStyle: baseText },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time', axisLabel: { color: MUTED } },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: MUTED },
      splitLine: { lineStyle: { color: '#e4e7eb' } },
    },
    series: [
      {
        name: `${series.metric} (cumulative)`,
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 2.5, color: ACCENT },
        itemStyle: { color: ACCENT },
        data: points.map((p) => [p.date, p.value]),
      },
      {
        name: 'target line',
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 1.5, type: 'dashed', color: TARGET },
        itemStyle: { color: TARGET },
        data: targetLine,
      },
      {
        name: 'projection to end',
        type: 'line',
        showSymbol: false,
        lineStyle: { width: 1.5, type: 'dotted', color: MUTED },
        itemStyle: { color: MUTED },
        data: projected,
      },
    ],
  };
}

/** Enrolled and completed bars per key, with each key's target as a mark across its bars. */
export function breakdownOption(rows: TargetRow[]): EChartsCoreOption {
  return {
    textStyle: baseText,
    grid: { left: 56, right: 16, top: 36, bottom: 48 },
    legend: { top: 0, textStyle: baseText },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.label),
      axisLabel: { color: MUTED, interval: 0, rotate: rows.length > 6 ? 30 : 0 },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: MUTED },
      splitLine: { lineStyle: { color: '#e4e7eb' } },
    },
    series: [
      {
        name: 'enrolled',
        type: 'bar',
        itemStyle: { color: '#9fb3c8' },
        data: rows.map((r) => r.enrolled),
      },
      {
        name: 'completed',
        type: 'bar',
        itemStyle: { color: ACCENT },
        data: rows.map((r) => r.completed),
      },
      {
        name: 'target',
        type: 'line',
        symbol: 'rect',
        symbolSize: [28, 3],
        lineStyle: { opacity: 0 },
        itemStyle: { color: TARGET },
        data: rows.map((r) => r.target),
      },
    ],
  };
}

/** Month view: enrollments and completions that happened in each month. */
export function monthOption(rows: TargetRow[]): EChartsCoreOption {
  return {
    textStyle: baseText,
    grid: { left: 56, right: 16, top: 36, bottom: 32 },
    legend: { top: 0, textStyle: baseText },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: rows.map((r) => r.key), axisLabel: { color: MUTED } },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: MUTED },
      splitLine: { lineStyle: { color: '#e4e7eb' } },
    },
    series: [
      {
        name: 'enrolled',
        type: 'bar',
        itemStyle: { color: '#9fb3c8' },
        data: rows.map((r) => r.enrolled),
      },
      {
        name: 'completed',
        type: 'bar',
        itemStyle: { color: ACCENT },
        data: rows.map((r) => r.completed),
      },
    ],
  };
}

/** "unknown" province (no province given) goes last, as the sketch asks. */
export function unknownLast(rows: TargetRow[]): TargetRow[] {
  return [...rows].sort((a, b) => Number(a.key === 'unknown') - Number(b.key === 'unknown'));
}

/** Keeps a long daily series readable as a table: the first of each month and the last day. */
export function monthlySample<T extends { date: string }>(points: T[]): T[] {
  return points.filter((p, i) => i === 0 || i === points.length - 1 || p.date.endsWith('-01'));
}

/**
 * Progress against each key's sub-target on one percent scale, so a 90,000 target does not
 * flatten a 1,200 bar: enrolled and completed as % of the sub-target, 100 % marked. Keys
 * without a sub-target are left out of the chart (their counts stay in the table).
 */
export function subTargetOption(rows: TargetRow[]): EChartsCoreOption {
  const withTarget = rows.filter((r) => r.target !== null && r.target > 0);
  const pct = (n: number, t: number) => Math.round((n / t) * 1000) / 10;
  return {
    textStyle: baseText,
    grid: { left: 56, right: 16, top: 36, bottom: 48 },
    legend: { top: 0, textStyle: baseText },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => `${String(v)} %`,
    },
    xAxis: {
      type: 'category',
      data: withTarget.map((r) => r.label),
      axisLabel: { color: MUTED, interval: 0, rotate: withTarget.length > 6 ? 30 : 0 },
    },
    yAxis: {
      type: 'value',
      name: '% of sub-target',
      nameTextStyle: { color: MUTED },
      axisLabel: { color: MUTED, formatter: '{value} %' },
      splitLine: { lineStyle: { color: '#e4e7eb' } },
    },
    series: [
      {
        name: 'enrolled, % of sub-target',
        type: 'bar',
        itemStyle: { color: '#9fb3c8' },
        data: withTarget.map((r) => pct(r.enrolled, r.target as number)),
      },
      {
        name: 'completed, % of sub-target',
        type: 'bar',
        itemStyle: { color: ACCENT },
        data: withTarget.map((r) => pct(r.completed, r.target as number)),
        markLine: {
          symbol: 'none',
          lineStyle: { color: TARGET, type: 'dashed' },
          label: { formatter: 'sub-target', color: TARGET },
          data: [{ yAxis: 100 }],
        },
      },
    ],
  };
}
