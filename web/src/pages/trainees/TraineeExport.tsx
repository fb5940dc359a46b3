// "Export" on the trainee list: the list's filters (its program and cohort included) sent to
// GET /trainees/export, fetched with the session's token and saved as a file (a plain link
// would go without the token). The file has the roster template's columns, so it can be edited
// and uploaded again.
import { useState } from 'react';
import { download } from '../../api/client';
import { ErrorBox } from '../../components/ErrorBox';
import { toQuery } from '../../lib/filters';

type Format = 'csv' | 'xlsx';

export function TraineeExport({ filters }: { filters: Record<string, string | undefined> }) {
  const [busy, setBusy] = useState<Format | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (format: Format) => {
    setBusy(format);
    setDone(null);
    setError(null);
    const query = toQuery({ ...filters, format });
    try {
      await download(`/trainees/export${query}`, `trainees.${format}`);
      setDone(`The ${format.toUpperCase()} file is downloaded.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card export" aria-labelledby="export-title">
      <h2 id="export-title" className="subtle-title">
        Export
      </h2>
      <form className="filters" aria-label="Export options" onSubmit={(e) => e.preventDefault()}>
        <div className="actions">
          {(['csv', 'xlsx'] as const).map((format) => (
            <button
              key={format}
              type="button"
              className="button"
              disabled={busy !== null}
              aria-busy={busy === format}
              onClick={() => void run(format)}
            >
              {busy === format ? 'Preparing…' : `Export ${format.toUpperCase()}`}
            </button>
          ))}
        </div>
      </form>
      <p className="help">
        The trainees this list shows, with their enrollments, in the roster template&apos;s columns:
        edit the file and upload it again on the Imports page.
      </p>
      <p className="export-status" role="status">
        {busy ? `Preparing the ${busy.toUpperCase()} file… a long list takes a moment.` : done}
      </p>
      <ErrorBox error={error} />
    </section>
  );
}
