import { lazy, Suspense } from 'react';
import type { EChartProps } from './EChart';

const EChart = lazy(() => import('./EChart'));

/** A chart whose library arrives on first use; the page around it renders at once. */
export function Chart(props: EChartProps) {
  return (
    <Suspense
      fallback={<div className="chart chart-loading" style={{ height: props.height ?? 280 }} />}
    >
      <EChart {...props} />
    </Suspense>
  );
}
