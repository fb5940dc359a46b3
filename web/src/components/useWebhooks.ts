import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Page, Webhook } from '../api/types';

export function webhooksPath(partnerCode: string): string {
  return `/partners/${encodeURIComponent(partnerCode)}/webhooks`;
}

/** A partner's webhooks (admins only); Administration changes them, Imports shows deliveries. */
export function useWebhooks(partnerCode: string | null) {
  const path = webhooksPath(partnerCode ?? '');
  return useQuery({
    queryKey: [path],
    queryFn: ({ signal }) => api<Page<Webhook>>(path, { signal }),
    enabled: Boolean(partnerCode),
  });
}
