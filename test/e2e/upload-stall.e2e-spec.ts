// Slow and stalled uploads, the way an attacker with one API key would send them: a header line
// and then nothing. They must hold no database connection or transaction, be capped per partner,
// and be cut off with 408 once silent; everyone else's requests keep answering.
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createPartner, type TestPartner } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { createTestApp, type TestApp } from '../helpers/test-app';

/** Opens an upload and sends only the CSV header line, chunked, then stays silent. */
function stalledUpload(port: number, apiKey: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const first = 'cnic,full_name,gender,cohort_code\n';
      socket.write(
        'POST /api/v1/imports HTTP/1.1\r\nHost: localhost\r\n' +
          `X-API-Key: ${apiKey}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n` +
          `${Buffer.byteLength(first).toString(16)}\r\n${first}\r\n`,
      );
      resolve(socket);
    });
    socket.on('error', reject);
  });
}

/** Everything the server answers on this socket until it closes (or `ms` pass). */
function answerOf(socket: Socket, ms: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(text), ms);
    socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
}

async function timed(fn: () => Promise<Response>): Promise<{ status: number; ms: number }> {
  const start = Date.now();
  const res = await fn();
  await res.arrayBuffer();
  return { status: res.status, ms: Date.now() - start };
}

describe('stalled uploads', () => {
  let t: TestApp;
  let port: number;
  let partners: TestPartner[];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // A pool of 10: before the fix, 10 stalled uploads took every connection.
    t = await createTestApp({ env: { DATABASE_POOL_SIZE: '10' } });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    partners = [await createPartner(t), await createPartner(t), await createPartner(t)];
    for (const p of partners) {
      const program = await createProgram(t, { partnerCode: p.code });
      await createCohort(t, { programCode: program.code });
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await t.close();
  });

  it('keeps /health/ready and list routes answering while 12 uploads stall', async () => {
    for (const p of partners) {
      for (let i = 0; i < 4; i++) sockets.push(await stalledUpload(port, p.apiKey));
    }
    await new Promise((r) => setTimeout(r, 500));

    const base = `http://127.0.0.1:${port}`;
    const ready = await timed(() => fetch(`${base}/health/ready`));
    expect(ready.status).toBe(200);
    expect(ready.ms).toBeLessThan(2000);
    const list = await timed(() =>
      fetch(`${base}/api/v1/programs`, { headers: { 'X-API-Key': partners[0].apiKey } }),
    );
    expect(list.status).toBe(200);
    expect(list.ms).toBeLessThan(2000);

    // No transaction is left open while the clients are silent. A stalled upload holding one
    // would have sat idle in it since the uploads began (500 ms ago); a worker's batch or a
    // recompute passes through that state for a few milliseconds between its statements.
    const db = t.app.get(DataSource);
    const [open] = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND state LIKE 'idle in transaction%'
         AND state_change < now() - interval '250 milliseconds'`,
    );
    expect(open.n).toBe(0);
  });

  it('refuses a fifth concurrent upload of one partner with 429 and Retry-After', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/imports`, {
      method: 'POST',
      headers: { 'X-API-Key': partners[0].apiKey, 'Content-Type': 'text/csv' },
      body: 'cnic,full_name,gender,cohort_code\n',
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { detail: string };
    expect(body.detail).toMatch(/uploads per partner/);
  });

  it('gives the slots back when the stalled clients go away', async () => {
    for (const s of sockets.splice(0)) s.destroy();
    // The server sees the closes as they arrive: try until a slot is free (5 s at most).
    const attempt = () =>
      fetch(`http://127.0.0.1:${port}/api/v1/imports?dryRun=true`, {
        method: 'POST',
        headers: { 'X-API-Key': partners[0].apiKey, 'Content-Type': 'text/csv' },
        body: 'cnic,full_name,gender,cohort_code\n',
      });
    let res = await attempt();
    for (const deadline = Date.now() + 5000; res.status === 429 && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 200));
      res = await attempt();
    }
    expect(res.status).toBe(202);
  });
});

describe('an upload that goes silent', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { UPLOAD_IDLE_SECONDS: '1' } });
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(() => t.close());

  it('is answered 408 problem details and the connection closed', async () => {
    const partner = await createPartner(t);
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const socket = await stalledUpload(port, partner.apiKey);
    const answer = await answerOf(socket, 8000);
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(answer).toMatch(/connection: close/i);
    expect(answer).toContain('sent nothing for 1 s');
    // Nothing was stored for it.
    const db = t.app.get(DataSource);
    const [row] = await db.query(
      'SELECT count(*)::int AS n FROM imports i JOIN partners p ON p.id = i.partner_id WHERE p.code = $1',
      [partner.code],
    );
    expect(row.n).toBe(0);
  });
});
