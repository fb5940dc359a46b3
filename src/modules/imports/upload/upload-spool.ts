// Receives an upload's bytes into a private temporary file before anything touches the
// database, so a slow or stalled client holds a file handle and a few KB of memory, never a
// pooled connection or an open transaction. The bytes are hashed and (for CSV) checked as they
// pass; a client that sends nothing for `idleMs` is cut off with 408.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DomainError } from '../../../core/http/domain-error';
import { RosterTextScanner, type TextScanResult } from '../roster/roster-text-scan';
import type { UploadBody } from './upload-body';

export interface SpooledUpload {
  path: string;
  size: number;
  sha256: string;
  /** CSV only: the text check and record count made while the bytes streamed. */
  scan: TextScanResult | null;
  /** JSON only (at most a few MB): the body, for its shape check. */
  json: Buffer | null;
  /** Removes the temporary file; safe to call more than once. */
  discard: () => Promise<void>;
}

export interface SpoolLimits {
  maxBytes: number;
  idleMs: number;
  tooLarge: () => DomainError;
}

export function idleTimeout(seconds: number): DomainError {
  return new DomainError(
    'request_timeout',
    `The upload sent nothing for ${seconds} s and was stopped; upload the file again`,
  );
}

/** `pending`, or the 408 problem when it takes longer than `idleMs`. */
export async function withIdleLimit<T>(pending: Promise<T>, idleMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(idleTimeout(Math.round(idleMs / 1000))), idleMs);
  });
  try {
    return await Promise.race([pending, idle]);
  } finally {
    clearTimeout(timer);
  }
}

export async function spoolUpload(body: UploadBody, limits: SpoolLimits): Promise<SpooledUpload> {
  const dir = await mkdtemp(join(tmpdir(), 'sdt-upload-'));
  const path = join(dir, 'body');
  const discard = () => rm(dir, { recursive: true, force: true });
  const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  // The file's errors are this function's to answer: a write still in flight when an oversized
  // upload is cut off fails after destroy() (ERR_STREAM_DESTROYED), and an 'error' event with no
  // listener would end the whole api process. A disk error while receiving fails the upload.
  let fileError: Error | null = null;
  file.on('error', (err: Error) => {
    fileError ??= err;
  });
  const hash = createHash('sha256');
  const scanner = body.format === 'csv' ? new RosterTextScanner() : null;
  const jsonParts: Buffer[] = [];
  let size = 0;
  const pieces = (body.stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  try {
    for (;;) {
      // On silence the wait is abandoned, not the stream destroyed (that would kill the socket
      // before the 408 is sent); the answer closes the connection.
      const next = await withIdleLimit(pieces.next(), limits.idleMs);
      if (next.done) break;
      const piece = next.value;
      size += piece.length;
      if (size > limits.maxBytes) throw limits.tooLarge();
      hash.update(piece);
      scanner?.push(piece);
      if (body.format === 'json') jsonParts.push(piece);
      if (fileError) throw fileError;
      if (!file.write(piece)) await once(file, 'drain');
    }
    file.end();
    await once(file, 'finish');
    return {
      path,
      size,
      sha256: hash.digest('hex'),
      scan: scanner ? scanner.finish() : null,
      json: body.format === 'json' ? Buffer.concat(jsonParts) : null,
      discard,
    };
  } catch (err) {
    file.destroy();
    await discard();
    throw err;
  }
}
