// Identity conflicts for coordinators and admins: the open list and the resolve mutation
// (API.md, "Reconciling"), as TanStack Query hooks over the generated types.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../../../openapi/schema';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { toQuery } from '../../lib/filters';
import { reportKeys } from './api';

export type IdentityConflict = components['schemas']['IdentityConflictView'];

export const conflictKeys = {
  open: (partner: string | undefined) => ['identity-conflicts', 'open', partner ?? null] as const,
};

export function useOpenConflicts(partner: string | undefined) {
  const path = `/identity-conflicts${toQuery({ status: 'open', partner, limit: 100 })}`;
  return useQuery({
    queryKey: conflictKeys.open(partner),
    queryFn: ({ signal }) => api<Page<IdentityConflict>>(path, { signal }),
  });
}

export function useResolveConflict() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; keep: 'record' | 'supplied' }) =>
      api<IdentityConflict>(`/identity-conflicts/${v.id}/resolve`, {
        method: 'POST',
        body: { keep: v.keep },
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['identity-conflicts'] });
      await client.invalidateQueries({ queryKey: reportKeys.all });
    },
  });
}
