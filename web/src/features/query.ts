// What every feature's data layer shares: the one refresh interval of screens that follow work
// in progress, the `{items, nextCursor}` page every list answers, and a keyset-paged list hook
// keyed under its feature (so a write invalidates that feature's lists, not every query).
import { keepPreviousData, type QueryKey, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Page } from '../api/types';
import { toQuery } from '../lib/filters';
import {
  currentCursor,
  firstPage,
  type KeysetState,
  nextPage,
  pageNumber,
  previousPage,
} from '../lib/keyset';

/** How often a screen showing work in progress (imports, deliveries, figures) reads it again. */
export const REFRESH_MS = 2_000;

export type Filters = Record<string, string | undefined>;

/** One page of `path` (a picker's options), under `key`. */
export function fetchPage<T>(path: string, filters: Filters, signal?: AbortSignal) {
  return api<Page<T>>(`${path}${toQuery(filters)}`, { signal });
}

/**
 * Every page of `path` (500 at a time): for what a screen joins to its rows, such as a cohort's
 * CNICs and certificates, where a first page alone would leave a large cohort's rows blank.
 */
export async function fetchAll<T>(path: string, filters: Filters, signal?: AbortSignal) {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage<T>(path, { ...filters, limit: '500', cursor }, signal);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/**
 * A keyset-paged list of `path` with filters, cached under `[...key, 'list', filters, cursor]`;
 * a change of filters goes back to page one. `refreshMs` re-reads the page shown while open.
 */
export function useKeysetList<T>(
  key: QueryKey,
  path: string,
  filters: Filters,
  options: { limit?: number; refreshMs?: number; enabled?: boolean } = {},
) {
  const [state, setState] = useState<KeysetState>(firstPage);
  const filterKey = JSON.stringify(filters);
  useEffect(() => setState(firstPage), [filterKey]);
  const cursor = currentCursor(state);
  const query = useQuery({
    queryKey: [...key, 'list', filters, options.limit ?? 25, cursor],
    queryFn: ({ signal }) =>
      fetchPage<T>(path, { ...filters, limit: String(options.limit ?? 25), cursor }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: options.refreshMs,
    enabled: options.enabled ?? true,
  });
  return {
    query,
    page: pageNumber(state),
    hasNext: Boolean(query.data?.nextCursor),
    hasPrevious: state.cursors.length > 0,
    next: () => setState((s) => nextPage(s, query.data?.nextCursor ?? null)),
    previous: () => setState(previousPage),
  };
}

export const enc = encodeURIComponent;
