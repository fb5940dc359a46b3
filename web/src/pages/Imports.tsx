import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ImportJob } from '../api/types';
import { useSession } from '../auth/useSession';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { CodeOptions, partnerLabel } from '../components/CodeOptions';
import {
  downloadProblems,
  downloadRejected,
  downloadTemplate,
  type ImportProblem,
  importKeys,
  useApplyPreviewMutation,
  useCancelImportMutation,
  useImport,
  useImportHistory,
  useImportProblems,
  useUploadMutation,
} from '../features/imports/api';
import { usePartners } from '../features/partners/api';
import { useQueryClient } from '@tanstack/react-query';
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

/** A preview that ended well is a preview, not a "Completed" import. */
function statusWord(job: ImportJob): string {
  if (job.dryRun && job.status === 'completed') return 'Preview ready';
  return STATUS_WORDS[job.status] ?? job.status;
}

/** The earlier import of the same bytes, when the API names one. */
function duplicateOf(job: ImportJob): string | null {
  const d: unknown = job.duplicateOf;
  if (d && typeof d === 'object' && 'importId' in d && typeof d.importId === 'string')
    return d.importId;
  return null;
}

const plural = (n: number, one: string, many: string) =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

function UploadForm({ onStarted }: { onStarted: (job: ImportJob) => void }) {
  const session = useSession();
  const needsPartner = session?.user.role === 'admin' || session?.user.role === 'coordinator';
  const [params] = useSearchParams();
  const [partner, setPartner] = useState(params.get('partner') ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const partners = usePartners(needsPartner);
  const upload = useUploadMutation();

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  };

  const send = (dryRun: boolean) => {
    if (!file) return;
    upload.mutate(
      { file, dryRun, partner: needsPartner ? partner : undefined },
      { onSuccess: onStarted },
    );
  };

  const ready = file !== null && (!needsPartner || partner !== '') && !upload.isPending;
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
        <button type="button" className="button" disabled={!ready} onClick={() => send(true)}>
          Preview
        </button>
        <button
          type="button"
          className="button button-primary"
          disabled={!ready}
          onClick={() => send(false)}
        >
          Import now
        </button>
        <span className="muted">
          Preview checks every row and says what an import would do, changing nothing; you can apply
          it afterwards without sending the file again.
        </span>
      </div>
      <ErrorBox error={upload.error} />
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
  const q = useImportProblems(job.id);
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
        <span className="actions">
          {job.rejected > 0 && (
            <button
              type="button"
              className="button"
              onClick={() => downloadRejected(job).catch(setError)}
            >
              Download rejected rows
            </button>
          )}
          <button
            type="button"
            className="button"
            onClick={() => downloadProblems(job).catch(setError)}
          >
            Download problems
          </button>
        </span>
      </div>
      {job.rejected > 0 && (
        <p className="muted">
          The rejected rows come back exactly as you sent them, with a last column saying what is
          wrong: fix them in that file and upload it as it is (the problem column is ignored).
        </p>
      )}
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

const COUNTS = ['created', 'updated', 'unchanged', 'rejected', 'warnings'] as const;
const COUNT_WORDS = {
  created: ['Created', 'Would create'],
  updated: ['Updated', 'Would update'],
  unchanged: ['Unchanged', 'Would leave unchanged'],
  rejected: ['Rejected', 'Would skip (rejected)'],
  warnings: ['Warnings', 'Warnings'],
} as const;

function CurrentImport({ id, onOpen }: { id: string; onOpen: (id: string) => void }) {
  const session = useSession();
  const queries = useQueryClient();
  const q = useImport(id);
  const cancel = useCancelImportMutation(id);
  const apply = useApplyPreviewMutation(id);
  const job = q.data;
  const finished = job ? isFinished(job.status) : false;
  useEffect(() => {
    if (finished) void queries.invalidateQueries({ queryKey: importKeys.history });
  }, [finished, queries]);
  if (q.error) return <ErrorBox error={q.error} onRetry={() => void q.refetch()} />;
  if (!job) return <Loading what="the import" />;
  const earlier = duplicateOf(job);
  const preview = job.dryRun;
  const mayAct = session?.user.role !== 'ministry';
  return (
    <>
      <section className="card" aria-labelledby="current-title">
        <div className="section-head">
          <h2 id="current-title">
            {job.dryRun ? 'Preview of ' : 'Import of '}
            {job.filename ?? 'a roster'}
          </h2>
          <span className={`status status-${job.status}`}>{statusWord(job)}</span>
        </div>
        {earlier && (
          <p className="alert alert-info" role="status">
            This same file was imported before, so nothing in it is new: every row counts as
            unchanged.{' '}
            <button type="button" className="linklike" onClick={() => onOpen(earlier)}>
              Open the earlier import
            </button>
          </p>
        )}
        <ProgressLine job={job} />
        {!finished && mayAct && (
          <button type="button" className="button" onClick={() => cancel.mutate()}>
            Cancel import
          </button>
        )}
        <ErrorBox error={cancel.error} />
        {job.failureReason && (
          <p className="alert alert-error" role="alert">
            {job.failureReason}
          </p>
        )}
        {finished && (
          <dl className="counts" aria-label={preview ? 'What an import would do' : 'Result'}>
            {COUNTS.map((k) => (
              <div key={k}>
                <dt>{COUNT_WORDS[k][preview ? 1 : 0]}</dt>
                <dd>{formatCount(job[k])}</dd>
              </div>
            ))}
          </dl>
        )}
        {finished && preview && job.status === 'completed' && (
          <div className="preview-apply">
            <p>
              This was a preview: nothing was changed.{' '}
              {job.rejected > 0
                ? `${plural(job.rejected, 'row', 'rows')} will be skipped because of the problems below; the other rows will be imported.`
                : 'Every row can be imported.'}
            </p>
            {mayAct && (
              <button
                type="button"
                className="button button-primary"
                disabled={apply.isPending}
                onClick={() => apply.mutate(undefined, { onSuccess: (next) => onOpen(next.id) })}
              >
                {job.rejected > 0
                  ? `Apply, skipping ${plural(job.rejected, 'row', 'rows')}`
                  : 'Apply this preview'}
              </button>
            )}
            <ErrorBox error={apply.error} />
          </div>
        )}
      </section>
      {finished && job.rejected + job.warnings > 0 && <Problems job={job} />}
    </>
  );
}

function History({ onOpen }: { onOpen: (id: string) => void }) {
  const q = useImportHistory();
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
              { header: 'Status', cell: (j) => statusWord(j) },
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
  const [templateError, setTemplateError] = useState<unknown>(null);
  const uploader = session ? mayUpload(session.user.role) : false;
  const open = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('import', id);
    setParams(next);
  };
  return (
    <div className="page">
      <div className="page-head">
        <h1>Imports</h1>
        {uploader && (
          <button
            type="button"
            className="button"
            onClick={() => downloadTemplate().catch(setTemplateError)}
          >
            Download template
          </button>
        )}
      </div>
      <ErrorBox error={templateError} />
      {uploader && <UploadForm onStarted={(job) => open(job.id)} />}
      {current && <CurrentImport key={current} id={current} onOpen={open} />}
      <History onOpen={open} />
      {session?.user.role === 'admin' && <AdminWebhooks currentImport={current} onOpen={open} />}
    </div>
  );
}
