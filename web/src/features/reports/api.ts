// The dashboard's data layer: query keys, the fetcher and the hook over the api's generated
// types. One request (`GET /reports/dashboard`) carries every figure the page shows; it is
// asked again every few seconds, and the server answers 304 (ETag) while nothing changed, so
// the poll costs a header exchange. The last figures stay on screen while a refresh fails.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { components } from '../../../../openapi/schema';
import { api } from '../../api/client';
import { type DashboardFilters, toQuery } from '../../lib/filters';

type Schemas = components['schemas'];

export type Dashboard = Schemas['DashboardView'];
export type DashboardRow = Schemas['TargetRowView'];
export type DataQualityItem = Schemas['DataQualityItemView'];
export type DashboardProgram = Schemas['DashboardProgramView'];
export type DashboardSeries = Schemas['DashboardSeriesView'];

/** Figures follow imports within seconds; the dashboard asks again this often. */
export const REFRESH_MS = 5_000;

export const reportKeys = {
  all: ['reports'] as const,
  dashboard: (filters: DashboardFilters, series: string | undefined) =>
    [...reportKeys.all, 'dashboard', filters, series ?? null] as const,
};

export function dashboardPath(filters: DashboardFilters, series?: string): string {
  return `/reports/dashboard${toQuery({ ...filters, series })}`;
}

export function fetchDashboard(
  filters: DashboardFilters,
  series: string | undefined,
  signal?: AbortSignal,
): Promise<Dashboard> {
  return api<Dashboard>(dashboardPath(filters, series), { signal });
}

/** The whole dashboard; keeps showing the previous figures while new filters load or fail. */
export function useDashboard(filters: DashboardFilters, series?: string) {
  return useQuery({
    queryKey: reportKeys.dashboard(filters, series),
    queryFn: ({ signal }) => fetchDashboard(filters, series, signal),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
    retry: 1,
  });
}
