// A partner's webhooks (admins) and each one's deliveries.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CreatedWebhook, CreateWebhook, Delivery, Page, Webhook } from '../../api/types';
import { enc, REFRESH_MS, useKeysetList } from '../query';

export const webhookKeys = {
  ofPartner: (code: string) => ['webhooks', 'partner', code] as const,
  deliveries: (id: string) => ['webhooks', 'deliveries', id] as const,
};

export function useWebhooks(partnerCode: string | null) {
  return useQuery({
    queryKey: webhookKeys.ofPartner(partnerCode ?? ''),
    queryFn: ({ signal }) =>
      api<Page<Webhook>>(`/partners/${enc(partnerCode!)}/webhooks`, { signal }),
    enabled: Boolean(partnerCode),
  });
}

/** Deliveries follow imports on their own: re-read while shown. */
export function useDeliveries(webhookId: string) {
  return useKeysetList<Delivery>(
    webhookKeys.deliveries(webhookId),
    `/webhooks/${enc(webhookId)}/deliveries`,
    {},
    { limit: 10, refreshMs: REFRESH_MS },
  );
}

export function useCreateWebhookMutation(partnerCode: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWebhook) =>
      api<CreatedWebhook>(`/partners/${enc(partnerCode)}/webhooks`, { method: 'POST', body }),
    onSuccess: () => queries.invalidateQueries({ queryKey: webhookKeys.ofPartner(partnerCode) }),
  });
}

export function useDeleteWebhookMutation(partnerCode: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/webhooks/${enc(id)}`, { method: 'DELETE' }),
    onSuccess: () => queries.invalidateQueries({ queryKey: webhookKeys.ofPartner(partnerCode) }),
  });
}
