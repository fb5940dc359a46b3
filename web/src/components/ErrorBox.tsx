import { ApiError, NetworkError } from '../api/client';

/** The field errors worth a line of their own: one that only repeats the detail is not. */
function fieldLines(error: ApiError) {
  return error.errors.filter((e) => e.message !== error.detail);
}

/** A failed request, said plainly: the API's `detail`, or a retry when the network is down. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const network = error instanceof NetworkError;
  // Asking again changes nothing for a refusal or an unknown record (4xx): no Retry then.
  const retry = error instanceof ApiError && error.status < 500 ? undefined : onRetry;
  const message =
    error instanceof ApiError || network
      ? error.message
      : 'Something went wrong. Try again, and if it keeps happening tell the helpdesk.';
  return (
    <div className="alert alert-error" role="alert">
      <p>
        <strong>{network ? 'No connection. ' : 'Could not complete the request. '}</strong>
        {message}
      </p>
      {error instanceof ApiError && fieldLines(error).length > 0 && (
        <ul>
          {fieldLines(error).map((e) => (
            <li key={e.field + e.message}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {retry && (
        <button type="button" className="button" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}
