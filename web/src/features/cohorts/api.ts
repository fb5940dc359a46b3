// Cohorts: a program's list, one cohort, a picker's options, the writes, and the roster's bulk
// status change (PATCH /cohorts/{code}/enrollments).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Cohort, CreateCohort, Schemas, TargetsReport, UpdateCohort } from '../../api/types';
import { toQuery } from '../../lib/filters';
import { enrollmentKeys } from '../enrollments/api';
import { enc, fetchPage, REFRESH_MS, useKeysetList } from '../query';

export const cohortKeys = {
  all: ['cohorts'] as const,
  detail: (code: string) => ['cohorts', 'detail', code] as const,
  options: (programCode: string) => ['cohorts', 'options', programCode] as const,
};

export function useCohorts(programCode: string) {
  return useKeysetList<Cohort>(cohortKeys.all, '/cohorts', { programCode });
}

export function useCohort(code: string | undefined) {
  return useQuery({
    queryKey: cohortKeys.detail(code ?? ''),
    queryFn: ({ signal }) => api<Cohort>(`/cohorts/${enc(code!)}`, { signal }),
    enabled: Boolean(code),
  });
}

/** A program's cohorts for a picker (none until a program is chosen). */
export function useCohortOptions(programCode: string) {
  return useQuery({
    queryKey: cohortKeys.options(programCode),
    queryFn: ({ signal }) => fetchPage<Cohort>('/cohorts', { limit: '500', programCode }, signal),
    enabled: programCode !== '',
  });
}

/** POST /cohorts, or PATCH /cohorts/{code} when `code` is given. */
export function useSaveCohortMutation(code?: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCohort | UpdateCohort) =>
      code
        ? api<Cohort>(`/cohorts/${enc(code)}`, { method: 'PATCH', body })
        : api<Cohort>('/cohorts', { method: 'POST', body }),
    onSuccess: (saved) => {
      queries.setQueryData(cohortKeys.detail(saved.code), saved);
      return queries.invalidateQueries({ queryKey: cohortKeys.all });
    },
  });
}

export type BulkStatusChange = Schemas['BulkUpdateEnrollmentsDto'];
export type BulkStatusAnswer = Schemas['BulkUpdateEnrollmentsView'];

/** Many enrollments of one cohort at once, in one transaction; refusals come back per id. */
export function useBulkStatusMutation(code: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkStatusChange) =>
      api<BulkStatusAnswer>(`/cohorts/${enc(code)}/enrollments`, { method: 'PATCH', body }),
    onSuccess: () =>
      Promise.all([
        queries.invalidateQueries({ queryKey: enrollmentKeys.all }),
        queries.invalidateQueries({ queryKey: cohortKeys.detail(code) }),
        queries.invalidateQueries({ queryKey: ['cohorts', 'figures', code] }),
      ]),
  });
}

/** The cohort's counts by status, from the recomputed figures (seconds behind a change). */
export function useCohortFigures(programCode: string | undefined, cohortCode: string) {
  return useQuery({
    queryKey: ['cohorts', 'figures', cohortCode],
    queryFn: async ({ signal }) => {
      const report = await api<TargetsReport>(
        `/reports/targets${toQuery({ groupBy: 'cohort', program: programCode })}`,
        { signal },
      );
      return { asOf: report.asOf, row: report.rows.find((r) => r.key === cohortCode) ?? null };
    },
    enabled: Boolean(programCode),
    refetchInterval: REFRESH_MS,
  });
}
