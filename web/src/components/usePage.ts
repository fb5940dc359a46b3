import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Page } from '../api/types';

/** One page of a list (a picker's programs or cohorts), cached under its path. */
export function usePage<T>(path: string, enabled = true) {
  return useQuery({
    queryKey: [path],
    queryFn: ({ signal }) => api<Page<T>>(path, { signal }),
    enabled,
  });
}
