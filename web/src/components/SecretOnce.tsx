import { useState } from 'react';

/** A secret the API shows in one answer only (an API key, a webhook secret), with a copy button. */
export function SecretOnce({ what, value, note }: { what: string; value: string; note?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert alert-success" role="status">
      <p>
        <strong>Copy this {what} now.</strong> It is shown once and cannot be read again.
        {note && ` ${note}`}
      </p>
      <p className="key-once">{value}</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(() => setCopied(true));
        }}
      >
        {copied ? 'Copied' : `Copy ${what}`}
      </button>
    </div>
  );
}
