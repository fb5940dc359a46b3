import { type FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { useCertificateCheck } from '../features/certifications/api';
import { formatDate } from '../lib/format';

/** The public certificate check: no sign-in; shows only what the API's public answer holds. */
export default function Verify() {
  const { code } = useParams();
  const navigate = useNavigate();
  const [text, setText] = useState(code ?? '');
  const check = useCertificateCheck(code);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (value) void navigate(`/verify/${encodeURIComponent(value)}`);
  };
  const notFound = check.error instanceof ApiError && check.error.status === 404;
  const c = check.data;
  return (
    <div className="page page-narrow">
      <h1>Check a certificate</h1>
      <p className="muted">Type the verification code printed on the certificate.</p>
      <form className="card form" onSubmit={onSubmit} role="search">
        <Field label="Verification code">
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <button type="submit" className="button button-primary">
          Check
        </button>
      </form>
      {code && check.isLoading && <Loading what="the certificate" />}
      {notFound ? (
        <p className="alert alert-error" role="alert">
          No certificate has this code. Check the code and try again.
        </p>
      ) : (
        <ErrorBox error={check.error} />
      )}
      {c && (
        <section
          className={`card result ${c.valid ? 'result-valid' : 'result-invalid'}`}
          aria-labelledby="result-title"
        >
          <h2 id="result-title">
            {c.revoked
              ? '✕ This certificate was revoked'
              : c.valid
                ? '✓ This certificate is valid'
                : '✕ This certificate has expired'}
          </h2>
          <dl className="facts">
            <div>
              <dt>Holder</dt>
              <dd>
                <span dir="auto">{c.name}</span>
              </dd>
            </div>
            <div>
              <dt>Certification</dt>
              <dd>{c.certification}</dd>
            </div>
            <div>
              <dt>Program</dt>
              <dd>
                <span dir="auto">{c.programName}</span>
              </dd>
            </div>
            <div>
              <dt>Partner</dt>
              <dd>
                <span dir="auto">{c.partnerName}</span>
              </dd>
            </div>
            <div>
              <dt>Issued</dt>
              <dd>{formatDate(c.issuedOn)}</dd>
            </div>
            <div>
              <dt>Expires</dt>
              <dd>{formatDate(c.expiresOn)}</dd>
            </div>
          </dl>
        </section>
      )}
    </div>
  );
}
