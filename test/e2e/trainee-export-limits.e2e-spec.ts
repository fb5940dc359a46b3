// Large trainee exports the way a careless or hostile caller runs them: many at once, and read
// by a client that stops reading. Postgres writes an export at its own speed into a temporary
// file, so a stalled reader must hold no database connection; each caller has a small share of
// exports (429 past it), and a reader silent for EXPORT_IDLE_SECONDS, or still reading after
// EXPORT_MAX_SECONDS however steadily, is cut off, freeing its share.
import { connect, type AddressInfo, type Socket } from 'node:net';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { DataSource } from 'typeorm';
import { createPartner, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { createTestApp, type TestApp } from '../helpers/test-app';

// About 15 MB of CSV: more than loopback socket buffers hold, so a reader that stops reading
// really stalls the server's side of the response.
const ROWS = 100_000;

/** Starts a CSV export and reads only its first bytes, then stops reading. */
function stalledExport(port: number, apiKey: string): Promise<{ socket: Socket; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `GET /api/v1/trainees/export HTTP/1.1\r\nHost: localhost\r\nX-API-Key: ${apiKey}\r\n\r\n`,
      );
    });
    socket.once('data', (d: Buffer) => {
      socket.pause();
      // The status line and headers (security headers make them longer than a few lines).
      const end = d.indexOf('\r\n\r\n');
      resolve({ socket, head: d.toString('utf8', 0, end >= 0 ? end : d.length) });
    });
    socket.on('error', reject);
  });
}

/** Reads what is left on a stalled socket: whether the server closed it, and how much came. */
function drain(socket: Socket, ms: number): Promise<{ closed: boolean; bytes: number }> {
  return new Promise((resolve) => {
    let bytes = 0;
    const timer = setTimeout(() => resolve({ closed: false, bytes }), ms);
    socket.on('data', (d: Buffer) => (bytes += d.length));
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, bytes });
    });
    socket.resume();
  });
}

/**
 * Starts a CSV export and reads it steadily, a little at a time (up to 64 KB every 40 ms), never
 * silent for EXPORT_IDLE_SECONDS. Loopback sockets buffer megabytes, and the server only writes
 * again once the client has taken a good part of them, so a reader slower than this makes the
 * server idle anyway; this one keeps it writing, and with a large export is far from done when
 * EXPORT_MAX_SECONDS comes. `finish()` then reads the rest at full speed, to see how it ends.
 */
function tricklingExport(port: number, apiKey: string) {
  const socket = connect(port, '127.0.0.1', () => {
    socket.write(
      `GET /api/v1/trainees/export HTTP/1.1\r\nHost: localhost\r\nX-API-Key: ${apiKey}\r\n\r\n`,
    );
  });
  socket.pause();
  const state = { bytes: 0, tail: '' };
  const take = (chunk: Buffer) => {
    state.bytes += chunk.length;
    state.tail = (state.tail + chunk.toString('latin1')).slice(-16);
  };
  const timer = setInterval(() => {
    let want = 64 * 1024;
    while (want > 0 && socket.readableLength > 0) {
      const chunk = socket.read(Math.min(want, socket.readableLength)) as Buffer | null;
      if (!chunk) break;
      take(chunk);
      want -= chunk.length;
    }
    socket.read(0); // ask for more from the network
  }, 40);
  socket.on('error', () => undefined);
  // However the test ends (a failed expectation skips finish()), a closed socket stops the timer:
  // a timer left running keeps Jest from exiting.
  socket.once('close', () => clearInterval(timer));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const finish = async (ms: number): Promise<boolean> => {
    clearInterval(timer);
    socket.on('data', take);
    socket.resume();
    let timeout: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      closed.then(() => true),
      new Promise<boolean>((resolve) => (timeout = setTimeout(() => resolve(false), ms))),
    ]);
    clearTimeout(timeout);
    return ended;
  };
  return { socket, state, finish };
}

describe('trainee export limits', () => {
  let t: TestApp;
  let port: number;
  let partner: TestPartner;
  let other: TestPartner;
  let db: DataSource;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        EXPORTS_PER_CALLER: '2',
        EXPORTS_TOTAL: '3',
        EXPORT_IDLE_SECONDS: '2',
      },
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    db = t.app.get(DataSource);
    partner = await createPartner(t);
    other = await createPartner(t);
    const program = await createProgram(t, { partnerCode: partner.code });
    const cohort = await createCohort(t, { programCode: program.code });
    const otherProgram = await createProgram(t, { partnerCode: other.code });
    await createCohort(t, { programCode: otherProgram.code });
    await db.query(
      `WITH made AS (
         INSERT INTO trainees (cnic, full_name, gender, category)
         SELECT lpad((7000000000000 + g)::text, 13, '0'), 'Bulk Trainee ' || g, 'female', 'youth'
         FROM generate_series(1, $1::int) g RETURNING id)
       INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id, status, progress_pct, enrolled_on)
       SELECT made.id, p.id, c.id, p.partner_id, 'active', 40, date '2026-01-10'
       FROM made, programs p JOIN cohorts c ON c.program_id = p.id
       WHERE p.code = $2 AND c.code = $3`,
      [ROWS, program.code, cohort.code],
    );
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await t.close();
  });

  it('holds no database connection while a reader stalls, and caps exports per caller', async () => {
    const first = await stalledExport(port, partner.apiKey);
    sockets.push(first.socket);
    expect(first.head).toMatch(/^HTTP\/1.1 200/);
    expect(first.head).toContain('text/csv');

    // Postgres finishes writing the export into the file while the client reads nothing.
    let busy: { n: number }[] = [];
    for (let i = 0; i < 50; i++) {
      busy = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()
           AND (query ILIKE 'COPY (%' AND state <> 'idle' OR state LIKE 'idle in transaction%')`,
      );
      if (busy[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(busy[0].n).toBe(0);

    const second = await stalledExport(port, partner.apiKey);
    sockets.push(second.socket);
    expect(second.head).toMatch(/^HTTP\/1.1 200/);

    // The caller's share is used up: a third is refused before any work, with a clear problem.
    const refused = await fetch(`http://127.0.0.1:${port}/api/v1/trainees/export`, {
      headers: { 'X-API-Key': partner.apiKey },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/exports per caller/);

    // Another partner still exports, and list routes answer meanwhile.
    const theirs = await fetch(`http://127.0.0.1:${port}/api/v1/trainees/export`, {
      headers: { 'X-API-Key': other.apiKey },
    });
    expect(theirs.status).toBe(200);
    expect((await theirs.text()).split('\r\n')[0]).toMatch(/^cnic,full_name/);

    // Nothing is left in the temporary directory: the spool file is unlinked once opened.
    expect((await readdir(tmpdir())).filter((f) => f.startsWith('sdt-export-'))).toEqual([]);
  });

  it('cuts off a reader silent for EXPORT_IDLE_SECONDS and gives its share back', async () => {
    await new Promise((r) => setTimeout(r, 3000));
    const cut = await Promise.all(sockets.map((s) => drain(s, 5000)));
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/trainees/export`, {
      headers: { 'X-API-Key': partner.apiKey },
    });
    expect(again.status).toBe(200);
    const whole = await again.text();
    // The header and every seeded row: the whole export, nothing cut short.
    expect(whole.trim().split('\r\n')).toHaveLength(ROWS + 1);
    // The stalled ones were closed by the server well before their end.
    for (const c of cut) {
      expect(c.closed).toBe(true);
      expect(c.bytes).toBeLessThan(Buffer.byteLength(whole) / 2);
    }
  });
});

describe('an export read slowly but steadily', () => {
  // About 50 MB of CSV (wide rows): far more than the reader below takes in EXPORT_MAX_SECONDS
  // plus what the sockets buffer, so without a total limit it would hold its slot for long.
  const WIDE_ROWS = 100_000;
  let t: TestApp;
  let port: number;
  let partner: TestPartner;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        EXPORTS_PER_CALLER: '2',
        EXPORTS_TOTAL: '3',
        EXPORT_IDLE_SECONDS: '3',
        // Long enough that the reader which reads at once gets its 50 MB in time on a busy
        // machine too (it was cut off at 6 s once), short against the steady readers' 30 s.
        EXPORT_MAX_SECONDS: '12',
      },
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    partner = await createPartner(t);
    const program = await createProgram(t, { partnerCode: partner.code });
    const cohort = await createCohort(t, { programCode: program.code });
    await t.app.get(DataSource).query(
      `WITH made AS (
         INSERT INTO trainees (cnic, full_name, gender, category, district)
         SELECT lpad((8000000000000 + g)::text, 13, '0'), repeat('Wide Trainee ', 14) || g,
                'female', 'youth', repeat('District ', 11)
         FROM generate_series(1, $1::int) g RETURNING id)
       INSERT INTO enrollments (trainee_id, program_id, cohort_id, partner_id, status, progress_pct, enrolled_on, external_id)
       SELECT made.id, p.id, c.id, p.partner_id, 'active', 40, date '2026-01-10', repeat('E', 99)
       FROM made, programs p JOIN cohorts c ON c.program_id = p.id
       WHERE p.code = $2 AND c.code = $3`,
      [WIDE_ROWS, program.code, cohort.code],
    );
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await t.close();
  });

  it('cuts off a reader still reading after EXPORT_MAX_SECONDS and gives its share back', async () => {
    const exportOnce = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/trainees/export`, {
        headers: { 'X-API-Key': partner.apiKey },
      });
      return { status: res.status, text: await res.text() };
    };
    // Two readers that keep reading: the idle limit never fires for them.
    const started = Date.now();
    const readers = [tricklingExport(port, partner.apiKey), tricklingExport(port, partner.apiKey)];
    for (const r of readers) sockets.push(r.socket);
    await new Promise((r) => setTimeout(r, 4500));
    // Past the idle limit (3 s) they still hold the caller's whole share.
    expect((await exportOnce()).status).toBe(429);

    // Once EXPORT_MAX_SECONDS (12 s) have passed the server cuts both off: the share comes back,
    // and a reader that reads at once gets the whole export. (Without the limit they would hold
    // it for the half minute they take to read 50 MB.)
    let again = await exportOnce();
    while (again.status === 429 && Date.now() - started < 25_000) {
      await new Promise((r) => setTimeout(r, 250));
      again = await exportOnce();
    }
    expect(again.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(12_000);
    expect(again.text.trim().split('\r\n')).toHaveLength(WIDE_ROWS + 1);

    // What the steady readers got ends short: the connection closed without the chunked
    // answer's last chunk, well before the whole export (in 12 s at up to 1.6 MB/s, plus what
    // the sockets held at the cut, they take about half of it).
    for (const r of readers) {
      expect(await r.finish(10_000)).toBe(true);
      expect(r.state.bytes).toBeLessThan(Buffer.byteLength(again.text) * 0.75);
      expect(r.state.tail.endsWith('0\r\n\r\n')).toBe(false);
    }
  });
});
