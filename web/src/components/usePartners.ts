import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Page, Partner } from '../api/types';

const PATH = '/partners?limit=500';

/** Every partner (a few dozen at most), shared by the pickers of every page through one query. */
export function usePartners(enabled = true) {
  return useQuery({
    queryKey: [PATH],
    queryFn: ({ signal }) => api<Page<Partner>>(PATH, { signal }),
    enabled,
  });
}
