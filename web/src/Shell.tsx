import { useQueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { setSession } from './api/session';
import { useSession } from './auth/useSession';
import { Loading } from './components/ErrorBox';
import { navFor } from './lib/nav';

const ROLE_NAMES = {
  admin: 'Administrator',
  coordinator: 'Coordinator',
  ministry: 'Ministry',
  partner: 'Partner',
} as const;

export function Shell() {
  const session = useSession();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const signOut = () => {
    setSession(null);
    queries.clear();
    void navigate('/signin');
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Skills Drive Tracker
          </Link>
          {session && (
            <nav aria-label="Main">
              <ul>
                {navFor(session.user.role).map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.to === '/'}>
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div className="account">
            {session ? (
              <>
                <span className="account-name">
                  {session.user.email}
                  <span className="muted"> · {ROLE_NAMES[session.user.role]}</span>
                </span>
                <button type="button" className="button button-quiet" onClick={signOut}>
                  Sign out
                </button>
              </>
            ) : (
              <Link to="/signin">Sign in</Link>
            )}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="footer">
        Ministry of IT &amp; Telecom · Digital skills drive ·{' '}
        <Link to="/verify">Check a certificate</Link>
      </footer>
    </>
  );
}
