// Dashboard filters live in the URL (`/?partner=HUAWEI&province=PB`) so a link reproduces a
// view. These turn the page's search params into the API's query and back.
export interface DashboardFilters {
  partner?: string;
  program?: string;
  province?: string;
}

const KEYS = ['partner', 'program', 'province'] as const;

export function filtersFromSearch(search: URLSearchParams): DashboardFilters {
  const out: DashboardFilters = {};
  for (const key of KEYS) {
    const value = search.get(key)?.trim();
    if (value) out[key] = value;
  }
  return out;
}

/** Sets or clears one filter, keeping the others (and any other parameter) as they were. */
export function withFilter(
  search: URLSearchParams,
  key: keyof DashboardFilters,
  value: string,
): URLSearchParams {
  const next = new URLSearchParams(search);
  if (value) next.set(key, value);
  else next.delete(key);
  return next;
}

/** A query string for the API: only the given, non-empty values, in a stable order. */
export function toQuery(params: Record<string, string | number | boolean | undefined | null>) {
  const q = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined || value === null || value === '') continue;
    q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
