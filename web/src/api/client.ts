// The one way the console talks to the API: adds the token, turns problem details into an
// ApiError (with `detail` and the field `errors[]`), and on 401 ends the session and sends
// the user back to sign in, with a message and the page to return to.
import { getSession, setSession } from './session';

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    /** The problem's extension members (RFC 9457), e.g. the `existingId` a conflict names. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }

  /** The message for one form field, when the API named it. */
  fieldMessage(field: string): string | undefined {
    const message = this.errors.find((e) => e.field === field)?.message;
    // The API may start a message with its field ("cnic: CNIC must be…"); under the field's
    // own label that prefix only repeats it.
    return message?.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  }
}

/** The network failed (offline, server down): the page offers a retry. */
export class NetworkError extends Error {
  constructor() {
    super('The server could not be reached. Check the connection and try again.');
    this.name = 'NetworkError';
  }
}

let onUnauthorized: (returnTo: string) => void = (returnTo) => {
  window.location.assign(`/signin?expired=1&returnTo=${encodeURIComponent(returnTo)}`);
};

/** The router installs a navigate-based handler so a 401 does not reload the page. */
export function setUnauthorizedHandler(handler: (returnTo: string) => void): void {
  onUnauthorized = handler;
}

interface ProblemBody {
  title?: string;
  detail?: string;
  errors?: FieldError[];
  [member: string]: unknown;
}

const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);

async function toApiError(res: Response): Promise<ApiError> {
  let body: ProblemBody = {};
  try {
    const parsed: unknown = await res.json();
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as ProblemBody;
  } catch {
    // not JSON (a proxy's page): keep the status line
  }
  const extensions = Object.fromEntries(
    Object.entries(body).filter(([key]) => !PROBLEM_MEMBERS.has(key)),
  );
  return new ApiError(
    res.status,
    body.title ?? res.statusText,
    body.detail ?? `The request failed (${res.status}).`,
    Array.isArray(body.errors) ? body.errors : [],
    extensions,
  );
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A multipart form (a roster file); `body` is sent as JSON otherwise. */
  form?: FormData;
  signal?: AbortSignal;
  /** Sign-in and the public certificate check must not bounce to sign-in on 401. */
  anonymous?: boolean;
}

export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const session = options.anonymous ? null : getSession();
  if (session) headers.Authorization = `Bearer ${session.token}`;
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form; // the browser sets the multipart boundary
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      // Sends and keeps the API's device cookie (HttpOnly, set at sign-in): with it, a browser
      // that signed in before is never locked out by others guessing its user's password.
      credentials: 'same-origin',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new NetworkError();
  }
  // Only the first 401 of a session acts: requests in flight with the same token would
  // otherwise send the user to sign-in twice (the second time "returning" to sign-in).
  if (res.status === 401 && session && getSession()?.token === session.token) {
    const returnTo = window.location.pathname + window.location.search;
    setSession(null, 'expired');
    onUnauthorized(returnTo);
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await request(path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * Downloads a file the API answers (CSV, XLSX) with the token, under the name it gives, or
 * under `name` when `named` (a file called after the user's own upload).
 */
export async function download(path: string, name: string, named = false): Promise<void> {
  const res = await request(path, {});
  const blob = await res.blob();
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const given = named ? undefined : /filename="?([^";]+)"?/.exec(disposition)?.[1];
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = given ?? name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
