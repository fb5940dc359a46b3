// A response body that a producer (Postgres's COPY) writes at full speed into a private
// temporary file while the client reads it from that file at its own pace, so the producer's
// database connection is never held waiting on the client's network, and memory stays flat
// whatever the size. The file is unlinked as soon as it is opened: nothing is left on disk once
// both ends close, even if the process dies.
//
// A reader that takes nothing for `idleMs` while data waits for it is destroyed, freeing the
// file, so a stalled client cannot hold disk space for ever; and so is a reader still reading
// `maxMs` after the spool opened, so one that takes a few bytes now and then (never idle for
// long) cannot hold it, and whatever slot its caller counts it against, for as long as it likes.
import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';

const READ_CHUNK = 64 * 1024;

export class FileSpool {
  /** Bytes the producer has written so far. */
  private written = 0;
  private finished = false;
  private failure: Error | null = null;
  /** The reader is gone: what the producer still writes is dropped, not stored. */
  private abandoned = false;
  private wake: (() => void) | null = null;
  private waiters: (() => void)[] = [];
  /** Each handle's close, once started (the writer's and the reader's). */
  private writerClosed: Promise<void> | null = null;
  private readerClosed: Promise<void> | null = null;

  /** Write the body here; end it when complete, destroy it with an error on failure. */
  readonly sink: Writable;
  /** The body as the client reads it: follows the file as the producer fills it. */
  readonly source: Readable;

  private constructor(
    private readonly writeHandle: FileHandle,
    private readonly readHandle: FileHandle,
    idleMs: number,
    maxMs: number,
  ) {
    this.sink = this.makeSink();
    this.source = this.makeSource(idleMs);
    if (Number.isFinite(maxMs)) {
      const source = this.source;
      const deadline = setTimeout(
        () => source.destroy(new Error(`the export was still being read after ${maxMs} ms`)),
        maxMs,
      );
      deadline.unref();
      source.once('close', () => clearTimeout(deadline));
    }
  }

  /** `maxMs`: the reader's whole time from now (Infinity: no limit but the idle one). */
  static async open(prefix: string, idleMs: number, maxMs = Infinity): Promise<FileSpool> {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    const path = join(dir, 'body');
    try {
      const writeHandle = await open(path, 'wx', 0o600);
      const readHandle = await open(path, 'r').catch(async (err: unknown) => {
        await writeHandle.close();
        throw err;
      });
      return new FileSpool(writeHandle, readHandle, idleMs, maxMs);
    } finally {
      // Unlinked now: the data lives only as long as the two handles.
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Resolves once the producer has written its first bytes or finished, rejects if it failed
   * first: a query that fails at once is still answered with a problem, not a cut-off 200.
   */
  async started(): Promise<void> {
    while (this.written === 0 && !this.finished && !this.failure) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.written === 0 && this.failure) throw this.failure;
  }

  /** Resolves once both handles are closed (tests use it to prove nothing is left open). */
  async closed(): Promise<void> {
    // Each end closes its handle when it ends: wait for both ends, then for the closes.
    const { sink, source } = this;
    if (!sink.closed) await new Promise((resolve) => sink.once('close', resolve));
    if (!source.closed) await new Promise((resolve) => source.once('close', resolve));
    await Promise.all([this.writerClosed, this.readerClosed]);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  private makeSink(): Writable {
    const handle = this.writeHandle;
    const closeOnce = () => (this.writerClosed ??= handle.close().catch(() => undefined));
    return new Writable({
      highWaterMark: 1024 * 1024,
      writev: (chunks, callback) => {
        if (this.abandoned) return callback();
        // One write for the batch: COPY hands over a chunk per row.
        const buffer = Buffer.concat(chunks.map((c) => c.chunk as Buffer));
        writeAll(handle, buffer).then(
          (bytes) => {
            this.written += bytes;
            this.notify();
            callback();
          },
          (err: Error) => callback(err),
        );
      },
      final: (callback) => {
        this.finished = true;
        this.notify();
        closeOnce().then(() => callback(), callback);
      },
      destroy: (err, callback) => {
        if (!this.finished) this.failure = err ?? new Error('the export stopped before its end');
        this.notify();
        closeOnce().then(() => callback(err), callback);
      },
    });
  }

  private makeSource(idleMs: number): Readable {
    const handle = this.readHandle;
    let position = 0;
    let reading = false;
    let idle: NodeJS.Timeout | undefined;
    const source: Readable = new Readable({
      highWaterMark: READ_CHUNK,
      read: () => {
        clearTimeout(idle);
        if (reading) return;
        reading = true;
        void pump();
      },
      destroy: (err, callback) => {
        clearTimeout(idle);
        this.notify();
        const closed = (this.readerClosed ??= handle.close().catch(() => undefined));
        // The producer may still be writing: it runs to its end (a COPY is not cut off
        // mid-stream, which would leave its connection unusable) but nothing more is stored.
        this.abandoned = true;
        closed.then(() => callback(err), callback);
      },
    });
    const pump = async (): Promise<void> => {
      try {
        for (;;) {
          if (source.destroyed) return;
          if (position < this.written) {
            const want = Math.min(READ_CHUNK, this.written - position);
            const buffer = Buffer.allocUnsafe(want);
            const { bytesRead } = await handle.read(buffer, 0, want, position);
            position += bytesRead;
            if (source.destroyed) return;
            if (!source.push(buffer.subarray(0, bytesRead))) {
              // The client is not taking more: it has `idleMs` to do so.
              idle = setTimeout(
                () => source.destroy(new Error('the client stopped reading the export')),
                idleMs,
              );
              reading = false;
              return;
            }
          } else if (this.failure) {
            source.destroy(this.failure);
            return;
          } else if (this.finished) {
            source.push(null);
            return;
          } else {
            await new Promise<void>((resolve) => (this.wake = resolve));
          }
        }
      } catch (err) {
        source.destroy(err as Error);
      }
    };
    return source;
  }
}

async function writeAll(handle: FileHandle, buffer: Buffer): Promise<number> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset);
    offset += bytesWritten;
  }
  return buffer.length;
}
