import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, download, request } from '../api/client';
import type { ImportJob, ImportProblem, Page } from '../api/types';
import { useSession } from '../auth/useSession';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { CodeOptions, partnerLabel } from '../components/CodeOptions';
import { usePartners } from '../components/usePartners';
import { parseCsv, unguard } from '../lib/csv';
import { formatBytes, formatCount, formatDateTime, formatDuration } from '../lib/format';
import { mayUpload } from '../lib/nav';
import { isFinished, type ProgressSample, progressFigures } from '../lib/progress';
import { AdminWebhooks } from './imports/AdminWebhooks';

const STATUS_WORDS: Record<string, string> = {
  queued: 'Queued',
  processing: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function UploadForm({ onStarted }: { onStarted: (job: ImportJob) => void }) {
  const session = useSession();
  const needsPartner = session?.user.role === 'admin' || session?.user.role === 'coordinator';
  const [params] = useSearchParams();
  const [partner, setPartner] = useState(params.get('partner') ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  const partners = usePartners(needsPartner);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  };

  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append('file', file, file.name);
    const query = new URLSearchParams();
    if (dryRun) query.set('dryRun', 'true');
    if (needsPartner) query.set('partner', partner);
    try {
      const res = await request(`/imports?${query.toString()}`, { method: 'POST', form });
      onStarted((await res.json()) as ImportJob);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const ready = file !== null && (!needsPartner || partner !== '') && !busy;
  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Send a roster</h2>
      {needsPartner && (
        <div className="field field-inline">
          <label htmlFor="import-partner">Partner the roster belongs to</label>
          <select id="import-partner" value={partner} onChange={(e) => setPartner(e.target.value)}>
            <CodeOptions
              items={partners.data?.items}
              none="Choose a partner"
              label={partnerLabel}
            />
          </select>
        </div>
      )}
      <div
        className={`dropzone${dragging ? ' dropzone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop a roster file (CSV) here, or</p>
        <button type="button" className="button" onClick={() => input.current?.click()}>
          Upload roster
        </button>
        <input
          ref={input}
          type="file"
          accept=".csv,text/csv"
          className="visually-hidden"
          aria-label="Roster file"
          tabIndex={-1}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        {file && (
          <p className="file-chosen">
            <strong>{file.name}</strong> · {formatBytes(file.size)}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="button" className="button" disabled={!ready} onClick={() => void send(true)}>
          Preview
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={!ready}
          onClick={() => void send(false)}
        >
          Apply
        </button>
        <span className="muted">
          Preview checks every row and counts them without changing anything.
        </span>
      </div>
      <ErrorBox error={error} />
    </section>
  );
}

function ProgressLine({ job }: { job: ImportJob }) {
  const first = useRef<ProgressSample | null>(null);
  const latest = useRef<ProgressSample | null>(null);
  const finished = isFinished(job.status);
  const now = Date.now();
  if (job.status === 'processing' && job.processedRows > 0) {
    first.current ??= { at: now, processedRows: job.processedRows };
    latest.current = { at: now, processedRows: job.processedRows };
  }
  const f = progressFigures(
    job.processedRows,
    job.totalRows,
    first.current,
    latest.current,
    job.status === 'completed',
  );
  return (
    <div className="progress-block">
      <div
        className="progress"
        role="progressbar"
        aria-label={`Import of ${job.filename ?? 'the roster'}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={f.pct}
        aria-valuetext={`${f.pct} %`}
      >
        <div className="progress-fill" style={{ width: `${f.pct}%` }} />
      </div>
      <p className="progress-text">
        {formatCount(job.processedRows)} / {formatCount(job.totalRows)} rows · {f.pct} %
        {!finished && f.rowsPerSecond !== null && ` · ${formatCount(f.rowsPerSecond)} rows/s`}
        {!finished && f.secondsLeft !== null && ` · ${formatDuration(f.secondsLeft)} left`}
      </p>
    </div>
  );
}

function Problems({ job }: { job: ImportJob }) {
  const [code, setCode] = useState('');
  const [column, setColumn] = useState('');
  const [line, setLine] = useState('');
  const [error, setError] = useState<unknown>(null);
  const path = `/imports/${job.id}/errors`;
  const q = useQuery({
    queryKey: [path],
    queryFn: async ({ signal }) => {
      const res = await request(path, { signal });
      return parseCsv(await res.text()).map((r): ImportProblem => ({
        line: Number(r.line),
        column: unguard(r.column ?? ''),
        code: r.code ?? '',
        severity: r.severity === 'warning' ? 'warning' : 'error',
        message: unguard(r.message ?? ''),
      }));
    },
  });
  const all = useMemo(() => q.data ?? [], [q.data]);
  const codes = useMemo(() => [...new Set(all.map((p) => p.code))].sort(), [all]);
  const columns = useMemo(
    () => [...new Set(all.map((p) => p.column).filter(Boolean))].sort(),
    [all],
  );
  const shown = all.filter(
    (p) =>
      (!code || p.code === code) &&
      (!column || p.column === column) &&
      (!line.trim() || String(p.line).startsWith(line.trim())),
  );
  const LIMIT = 500;
  return (
    <section aria-labelledby="problems-title" className="block">
      <div className="section-head">
        <h2 id="problems-title">Problems</h2>
        <button
          type="button"
          className="button"
          onClick={() => download(path, `import-${job.id}-problems.csv`).catch(setError)}
        >
          Download problems
        </button>
      </div>
      <ErrorBox error={error} />
      <form className="filters" aria-label="Filter problems" onSubmit={(e) => e.preventDefault()}>
        <label>
          Code
          <select value={code} onChange={(e) => setCode(e.target.value)}>
            <option value="">All codes</option>
            {codes.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Column
          <select value={column} onChange={(e) => setColumn(e.target.value)}>
            <option value="">All columns</option>
            {columns.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Line
          <input
            inputMode="numeric"
            value={line}
            onChange={(e) => setLine(e.target.value)}
            placeholder="e.g. 42"
          />
        </label>
      </form>
      {q.error ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : !q.data ? (
        <Loading what="the problems" />
      ) : (
        <>
          <DataTable
            caption={`Problems in ${job.filename ?? 'the roster'}`}
            captionHidden
            columns={[
              { header: 'Line', numeric: true, cell: (p: ImportProblem) => formatCount(p.line) },
              { header: 'Column', cell: (p) => p.column || '–' },
              { header: 'Code', cell: (p) => <code>{p.code}</code> },
              {
                header: 'Severity',
                cell: (p) => (p.severity === 'error' ? 'Rejected' : 'Warning'),
              },
              { header: 'Message', cell: (p) => p.message },
            ]}
            rows={shown.slice(0, LIMIT)}
            rowKey={(p) => `${p.line}-${p.column}-${p.code}`}
            empty="No problem matches these filters."
          />
          {shown.length > LIMIT && (
            <p className="muted">
              The first {formatCount(LIMIT)} of {formatCount(shown.length)} shown; the download has
              them all.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function CurrentImport({ id, duplicate }: { id: string; duplicate?: string }) {
  const session = useSession();
  const queries = useQueryClient();
  const [cancelError, setCancelError] = useState<unknown>(null);
  const q = useQuery({
    queryKey: [`/imports/${id}`],
    queryFn: ({ signal }) => api<ImportJob>(`/imports/${id}`, { signal }),
    refetchInterval: (query) =>
      query.state.data && isFinished(query.state.data.status) ? false : 1000,
  });
  const job = q.data;
  const finished = job ? isFinished(job.status) : false;
  useEffect(() => {
    if (finished) void queries.invalidateQueries({ queryKey: ['imports-history'] });
  }, [finished, queries]);
  if (q.error) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  if (!job) return <Loading what="the import" />;
  const cancel = () =>
    api<ImportJob>(`/imports/${id}/cancel`, { method: 'POST' })
      .then(() => queries.invalidateQueries({ queryKey: [`/imports/${id}`] }))
      .catch(setCancelError);
  return (
    <>
      <section className="card" aria-labelledby="current-title">
        <div className="section-head">
          <h2 id="current-title">
            {job.dryRun ? 'Preview of ' : 'Import of '}
            {job.filename ?? 'a roster'}
          </h2>
          <span className={`status status-${job.status}`}>
            {STATUS_WORDS[job.status] ?? job.status}
          </span>
        </div>
        {duplicate && (
          <p className="alert alert-info" role="status">
            {duplicate}
          </p>
        )}
        <ProgressLine job={job} />
        {!finished && session?.user.role !== 'ministry' && (
          <button type="button" className="button" onClick={() => void cancel()}>
            Cancel import
          </button>
        )}
        <ErrorBox error={cancelError} />
        {job.failureReason && (
          <p className="alert alert-error" role="alert">
            {job.failureReason}
          </p>
        )}
        {finished && (
          <dl className="counts" aria-label="Result">
            {(['created', 'updated', 'unchanged', 'rejected', 'warnings'] as const).map((k) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{formatCount(job[k])}</dd>
              </div>
            ))}
          </dl>
        )}
        {finished && job.dryRun && job.status === 'completed' && (
          <p className="muted">
            This was a preview: nothing was changed. Choose Apply to import the roster.
          </p>
        )}
      </section>
      {finished && job.rejected + job.warnings > 0 && <Problems job={job} />}
    </>
  );
}

function History({ onOpen }: { onOpen: (id: string) => void }) {
  const q = useInfiniteQuery({
    queryKey: ['imports-history'],
    queryFn: ({ pageParam, signal }) =>
      api<Page<ImportJob>>(
        `/imports?limit=20${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
        {
          signal,
        },
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="history-title" className="block">
      <h2 id="history-title">History</h2>
      {q.error ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : !q.data ? (
        <Loading what="the history" />
      ) : (
        <>
          <DataTable
            caption="Imports, newest first"
            captionHidden
            rows={rows}
            rowKey={(j) => j.id}
            empty="No roster has been imported yet."
            columns={[
              { header: 'Started', cell: (j: ImportJob) => formatDateTime(j.createdAt) },
              {
                header: 'File',
                cell: (j) => (
                  <button type="button" className="linklike" onClick={() => onOpen(j.id)}>
                    {j.filename ?? 'JSON rows'}
                  </button>
                ),
              },
              { header: 'Partner', cell: (j) => j.partnerCode },
              { header: 'Kind', cell: (j) => (j.dryRun ? 'Preview' : 'Import') },
              { header: 'Status', cell: (j) => STATUS_WORDS[j.status] ?? j.status },
              { header: 'Rows', numeric: true, cell: (j) => formatCount(j.totalRows) },
              { header: 'Created', numeric: true, cell: (j) => formatCount(j.created) },
              { header: 'Updated', numeric: true, cell: (j) => formatCount(j.updated) },
              { header: 'Rejected', numeric: true, cell: (j) => formatCount(j.rejected) },
            ]}
          />
          {q.hasNextPage && (
            <button type="button" className="button" onClick={() => void q.fetchNextPage()}>
              Older imports
            </button>
          )}
        </>
      )}
    </section>
  );
}

export default function Imports() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const current = params.get('import');
  const [duplicate, setDuplicate] = useState<{ id: string; message: string } | null>(null);
  const [templateError, setTemplateError] = useState<unknown>(null);
  const open = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('import', id);
    setParams(next);
  };
  return (
    <div className="page">
      <div className="page-head">
        <h1>Imports</h1>
        <button
          type="button"
          className="button"
          onClick={() =>
            download('/imports/template.csv', 'roster-template.csv').catch(setTemplateError)
          }
        >
          Download template
        </button>
      </div>
      <ErrorBox error={templateError} />
      {session && mayUpload(session.user.role) && (
        <UploadForm
          onStarted={(job) => {
            setDuplicate(job.duplicateOf ? { id: job.id, message: job.duplicateOf.message } : null);
            open(job.id);
          }}
        />
      )}
      {current && (
        <CurrentImport
          key={current}
          id={current}
          duplicate={duplicate?.id === current ? duplicate.message : undefined}
        />
      )}
      <History onOpen={open} />
      {session?.user.role === 'admin' && <AdminWebhooks currentImport={current} onOpen={open} />}
    </div>
  );
}
