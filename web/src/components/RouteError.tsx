import { useEffect } from 'react';
import { Link, useRouteError } from 'react-router';
import { isChunkError, mayReloadOnce } from '../lib/chunks';

/**
 * What a screen shows when it cannot be drawn: inside the normal frame (navigation stays), in
 * plain words, with Retry. A screen whose code failed to arrive reloads the page once first.
 */
export function RouteError() {
  const error = useRouteError();
  const chunk = isChunkError(error);
  useEffect(() => {
    if (chunk && mayReloadOnce(sessionStorage)) window.location.reload();
  }, [chunk]);
  return (
    <section className="page" aria-labelledby="route-error-title">
      <h1 id="route-error-title">This page could not be opened</h1>
      <div className="alert alert-error" role="alert">
        <p>
          {chunk
            ? 'Part of the console did not arrive: the server may be unreachable, or a new version was just installed.'
            : 'Something went wrong while showing this page.'}{' '}
          Try again; if it keeps happening, tell the helpdesk.
        </p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Retry
        </button>
      </div>
      <p>
        <Link to="/">Go to the start page</Link>
      </p>
    </section>
  );
}
