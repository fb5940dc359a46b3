import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from '../api/client';
import { setSession } from '../api/session';
import type { LoginAnswer } from '../api/types';
import { useSession } from '../auth/useSession';
import { ErrorBox } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { landingFor } from '../lib/nav';

/** Only a path inside the console may be returned to (no open redirect). */
function safeReturn(value: string | null): string | null {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : null;
}

export default function SignIn() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const returnTo = safeReturn(params.get('returnTo'));

  if (session && !busy) return <Navigate to={returnTo ?? landingFor(session.user.role)} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api<LoginAnswer>('/auth/login', {
        method: 'POST',
        body: { email, password },
        anonymous: true,
      });
      setSession({
        token: answer.accessToken,
        user: answer.user,
        expiresAt: Date.now() + answer.expiresIn * 1000,
      });
      void navigate(returnTo ?? landingFor(answer.user.role), { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const wrong = error instanceof ApiError && error.status === 401;
  return (
    <section className="page page-narrow" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      {params.get('expired') && !error && (
        <p className="alert alert-info" role="status">
          Your session has ended. Sign in again to carry on where you were.
        </p>
      )}
      {wrong ? (
        <p className="alert alert-error" role="alert">
          The email or password is not right. Check both and try again.
        </p>
      ) : (
        <ErrorBox error={error} />
      )}
      <form onSubmit={(e) => void submit(e)} className="card form">
        <Field label="Email">
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field label="Password">
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <button type="submit" className="button button-primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <p className="muted">
        Checking a certificate? <a href="/verify">No sign-in needed</a>.
      </p>
    </section>
  );
}
