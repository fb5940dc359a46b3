// Programs: the list, one program, the pickers' options, and their writes.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CreateProgram, Program, UpdateProgram } from '../../api/types';
import { enc, fetchPage, type Filters, useKeysetList } from '../query';

export const programKeys = {
  all: ['programs'] as const,
  detail: (code: string) => ['programs', 'detail', code] as const,
  options: ['programs', 'options'] as const,
};

export const fetchProgram = (code: string, signal?: AbortSignal) =>
  api<Program>(`/programs/${enc(code)}`, { signal });

export function usePrograms(filters: Filters) {
  return useKeysetList<Program>(programKeys.all, '/programs', filters);
}

export function useProgram(code: string | undefined) {
  return useQuery({
    queryKey: programKeys.detail(code ?? ''),
    queryFn: ({ signal }) => fetchProgram(code!, signal),
    enabled: Boolean(code),
  });
}

/** Every program the caller may see, for pickers (one page of up to 500). */
export function useProgramOptions() {
  return useQuery({
    queryKey: programKeys.options,
    queryFn: ({ signal }) => fetchPage<Program>('/programs', { limit: '500' }, signal),
  });
}

/** POST /programs, or PATCH /programs/{code} when `code` is given. */
export function useSaveProgramMutation(code?: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProgram | UpdateProgram) =>
      code
        ? api<Program>(`/programs/${enc(code)}`, { method: 'PATCH', body })
        : api<Program>('/programs', { method: 'POST', body }),
    onSuccess: (saved) => {
      queries.setQueryData(programKeys.detail(saved.code), saved);
      return queries.invalidateQueries({ queryKey: programKeys.all });
    },
  });
}
