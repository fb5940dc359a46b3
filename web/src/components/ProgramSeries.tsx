import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../api/client';
import type { Program, TargetRow, Timeseries } from '../api/types';
import { monthlySample, timeseriesOption } from '../lib/charts';
import { toQuery } from '../lib/filters';
import { formatCount, formatDate } from '../lib/format';
import { Chart } from './Chart';
import { DataTable } from './DataTable';
import { ErrorBox, Loading } from './ErrorBox';

const REFRESH_MS = 5_000;

/** A program's cumulative completions with its target line and the projection to its end. */
export function ProgramSeries({ program, row }: { program: string; row: TargetRow | undefined }) {
  const path = `/reports/timeseries${toQuery({ program, metric: 'completed' })}`;
  const series = useQuery({
    queryKey: [path],
    queryFn: ({ signal }) => api<Timeseries>(path, { signal }),
    refetchInterval: REFRESH_MS,
  });
  const detail = useQuery({
    queryKey: [`/programs/${program}`],
    queryFn: ({ signal }) => api<Program>(`/programs/${encodeURIComponent(program)}`, { signal }),
  });
  const option = useMemo(
    () =>
      series.data
        ? timeseriesOption(
            series.data,
            detail.data
              ? { endsOn: detail.data.endsOn, projectedAtEnd: row?.projectedAtEnd ?? null }
              : null,
          )
        : null,
    [series.data, detail.data, row?.projectedAtEnd],
  );
  return (
    <section className="panel panel-wide" aria-labelledby="series-title">
      <h2 id="series-title">Completions over time: {program}</h2>
      {detail.data && (
        <p className="muted">
          {formatDate(detail.data.startsOn)} to {formatDate(detail.data.endsOn)} · dashed: the
          target line · dotted: projected at the recent pace
        </p>
      )}
      {series.error ? (
        <ErrorBox error={series.error} onRetry={() => void series.refetch()} />
      ) : !option || !series.data ? (
        <Loading what="the time series" />
      ) : (
        <>
          <Chart
            option={option}
            label={`Cumulative completions of ${program} with its target line`}
          />
          <details className="as-table">
            <summary>Show as table</summary>
            <DataTable
              caption={`Completions of ${program}, cumulative (first of each month)`}
              columns={[
                { header: 'Date', cell: (p) => formatDate(p.date) },
                {
                  header: 'Completed (cumulative)',
                  numeric: true,
                  cell: (p) => formatCount(p.value),
                },
                { header: 'Target line', numeric: true, cell: (p) => formatCount(p.target) },
              ]}
              rows={monthlySample(series.data.points)}
              rowKey={(p) => p.date}
            />
          </details>
        </>
      )}
    </section>
  );
}
