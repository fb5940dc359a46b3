// Roster imports: upload (or preview), follow one import, its problems, cancel, apply a
// preview, the history, and the files a partner downloads.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, download, request } from '../../api/client';
import type { ImportJob, Page } from '../../api/types';
import { parseCsv, unguard } from '../../lib/csv';
import { isFinished } from '../../lib/progress';
import { enc, REFRESH_MS } from '../query';

export const importKeys = {
  all: ['imports'] as const,
  history: ['imports', 'history'] as const,
  detail: (id: string) => ['imports', 'detail', id] as const,
  problems: (id: string) => ['imports', 'problems', id] as const,
};

/** One line of GET /imports/{id}/errors (CSV: line,column,code,severity,message). */
export interface ImportProblem {
  line: number;
  column: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
}

/** An import, re-read while it runs. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: importKeys.detail(id ?? ''),
    queryFn: ({ signal }) => api<ImportJob>(`/imports/${enc(id!)}`, { signal }),
    enabled: Boolean(id),
    refetchInterval: (query) =>
      query.state.data && isFinished(query.state.data.status) ? false : REFRESH_MS,
  });
}

export function useImportHistory() {
  return useInfiniteQuery({
    queryKey: importKeys.history,
    queryFn: ({ pageParam, signal }) =>
      api<Page<ImportJob>>(`/imports?limit=20${pageParam ? `&cursor=${enc(pageParam)}` : ''}`, {
        signal,
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useImportProblems(id: string) {
  return useQuery({
    queryKey: importKeys.problems(id),
    queryFn: async ({ signal }) => {
      const res = await request(`/imports/${enc(id)}/errors`, { signal });
      return parseCsv(await res.text()).map((r): ImportProblem => ({
        line: Number(r.line),
        column: unguard(r.column ?? ''),
        code: r.code ?? '',
        severity: r.severity === 'warning' ? 'warning' : 'error',
        message: unguard(r.message ?? ''),
      }));
    },
  });
}

export interface Upload {
  file: File;
  dryRun: boolean;
  /** Staff send a roster on behalf of a partner. */
  partner?: string;
}

export function useUploadMutation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, dryRun, partner }: Upload) => {
      const form = new FormData();
      form.append('file', file, file.name);
      const query = new URLSearchParams();
      if (dryRun) query.set('dryRun', 'true');
      if (partner) query.set('partner', partner);
      const res = await request(`/imports?${query.toString()}`, { method: 'POST', form });
      return (await res.json()) as ImportJob;
    },
    onSuccess: () => queries.invalidateQueries({ queryKey: importKeys.history }),
  });
}

/** Applies a completed preview's stored upload as a new import (no second upload). */
export function useApplyPreviewMutation(previewId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: () => api<ImportJob>(`/imports/${enc(previewId)}/apply`, { method: 'POST' }),
    onSuccess: () => queries.invalidateQueries({ queryKey: importKeys.history }),
  });
}

export function useCancelImportMutation(id: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: () => api<ImportJob>(`/imports/${enc(id)}/cancel`, { method: 'POST' }),
    onSuccess: () => queries.invalidateQueries({ queryKey: importKeys.detail(id) }),
  });
}

/** `roster-nov.csv` → `roster-nov-problems.csv`: downloads named after the upload. */
export function namedAfter(filename: string | null, suffix: string): string {
  const base = (filename ?? 'roster').replace(/\.[^.]+$/, '');
  return `${base}-${suffix}.csv`;
}

export const downloadProblems = (job: ImportJob) =>
  download(`/imports/${enc(job.id)}/errors`, namedAfter(job.filename, 'problems'), true);

export const downloadRejected = (job: ImportJob) =>
  download(`/imports/${enc(job.id)}/rejected.csv`, namedAfter(job.filename, 'rejected'), true);

export const downloadTemplate = () => download('/imports/template.csv', 'roster-template.csv');
