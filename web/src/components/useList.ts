import { keepPreviousData, useQuery } from '@tanstack/react-query';
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

/**
 * A keyset-paged list of `path` with filters; a change of filters goes back to page one.
 * `refreshMs` re-reads the page shown while it is open (a list that grows on its own).
 */
export function useList<T>(
  path: string,
  filters: Record<string, string | undefined>,
  limit = 25,
  refreshMs?: number,
) {
  const [state, setState] = useState<KeysetState>(firstPage);
  const filterKey = JSON.stringify(filters);
  useEffect(() => setState(firstPage), [filterKey]);
  const url = `${path}${toQuery({ ...filters, limit, cursor: currentCursor(state) })}`;
  const query = useQuery({
    queryKey: [url],
    queryFn: ({ signal }) => api<Page<T>>(url, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: refreshMs,
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
