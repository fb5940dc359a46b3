// Partners, and what connects a partner's own systems: its API keys (admins).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { ApiKey, CreatedApiKey, CreatePartner, Page, Partner } from '../../api/types';
import { enc } from '../query';

export const partnerKeys = {
  all: ['partners'] as const,
  apiKeys: (code: string) => ['partners', code, 'api-keys'] as const,
};

export const fetchPartners = (signal?: AbortSignal) =>
  api<Page<Partner>>('/partners?limit=500', { signal });

/** Every partner (a few dozen at most), shared by the pickers of every page through one query. */
export function usePartners(enabled = true) {
  return useQuery({
    queryKey: partnerKeys.all,
    queryFn: ({ signal }) => fetchPartners(signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useCreatePartnerMutation() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePartner) => api<Partner>('/partners', { method: 'POST', body }),
    onSuccess: () => queries.invalidateQueries({ queryKey: partnerKeys.all, exact: true }),
  });
}

export function useApiKeys(code: string) {
  return useQuery({
    queryKey: partnerKeys.apiKeys(code),
    queryFn: async ({ signal }) => {
      const answer = await api<ApiKey[] | Page<ApiKey>>(`/partners/${enc(code)}/api-keys`, {
        signal,
      });
      return Array.isArray(answer) ? answer : answer.items;
    },
  });
}

export function useCreateApiKeyMutation(code: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (label: string) =>
      api<CreatedApiKey>(`/partners/${enc(code)}/api-keys`, {
        method: 'POST',
        body: label.trim() ? { label: label.trim() } : {},
      }),
    onSuccess: () => queries.invalidateQueries({ queryKey: partnerKeys.apiKeys(code) }),
  });
}

export function useRevokeApiKeyMutation(code: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api-keys/${enc(id)}`, { method: 'DELETE' }),
    onSuccess: () => queries.invalidateQueries({ queryKey: partnerKeys.apiKeys(code) }),
  });
}
