import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { type Area, landingFor, mayOpen } from '../lib/nav';
import { sessionExpired } from '../api/session';
import { useSession } from './useSession';

/** Signed out → sign in (and back here after); signed in without the right → a plain refusal. */
export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    // The same address the API client's 401 handler goes to, whichever acts first.
    const returnTo = encodeURIComponent(location.pathname + location.search);
    const expired = sessionExpired() ? 'expired=1&' : '';
    return <Navigate to={`/signin?${expired}returnTo=${returnTo}`} replace />;
  }
  if (!mayOpen(session.user.role, area)) {
    return (
      <section aria-labelledby="denied-title" className="page">
        <h1 id="denied-title">Not available to your role</h1>
        <p>
          Your account ({session.user.role}) cannot open this page.{' '}
          <Link to={landingFor(session.user.role)}>Go to your start page</Link>.
        </p>
      </section>
    );
  }
  return <>{children}</>;
}
