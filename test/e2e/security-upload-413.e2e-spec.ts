// A roster over IMPORT_MAX_BYTES must come back as a 413 problem that an ordinary client can read
// (issue 15, item 8). Node's own fetch sends a 9 MB roster over a 2 MB limit, ten times each as
// multipart, as raw text/csv with its length declared, and as raw text/csv streamed (chunked, no
// length): every answer must be a readable 413 problem, never EPIPE or ECONNRESET because the
// server closed the connection while the client was still sending.
import type { ChildProcess } from 'node:child_process';
import { uniqueCode } from '../factories/actors';
import { API_ENTRY, ensureBuilt, freePort, start, waitForReady } from '../helpers/processes';
import { TEST_ADMIN } from '../setup/test-env';

jest.setTimeout(120_000);

const MB = 1024 * 1024;
const LIMIT = 2 * MB;

/** A 9 MB roster: a header line and many rows (the content matters not, only its size). */
function bigRoster(): Uint8Array<ArrayBuffer> {
  const header = 'cnic,full_name,gender,cohort_code\n';
  const row = '3520212345670,Ayesha Khan,female,NO-SUCH-COHORT\n';
  // A plain Uint8Array (not a Buffer, which may sit on a shared pool): what fetch's body takes.
  return new TextEncoder().encode(header + row.repeat(Math.ceil((9 * MB) / row.length)));
}

interface Outcome {
  status?: number;
  contentType?: string | null;
  body?: { status?: number; detail?: string };
  error?: string;
}

async function attempt(send: () => Promise<Response>): Promise<Outcome> {
  try {
    const res = await send();
    const text = await res.text();
    let body: Outcome['body'];
    try {
      body = JSON.parse(text) as Outcome['body'];
    } catch {
      body = undefined;
    }
    return { status: res.status, contentType: res.headers.get('content-type'), body };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? String(err) };
  }
}

const READABLE_413: Outcome = {
  status: 413,
  contentType: 'application/problem+json; charset=utf-8',
  body: expect.objectContaining({
    status: 413,
    detail: expect.stringMatching(/limit of 2097152 bytes/) as string,
  }) as Outcome['body'],
};

describe('a roster over the size limit, sent by fetch to the built api', () => {
  let child: ChildProcess;
  let stopping = false;
  let base: string;
  let apiKey: string;
  // A copy on its own ArrayBuffer: what fetch and Blob take as a body.
  const roster = new Uint8Array(bigRoster());

  beforeAll(async () => {
    // The real server in its own process, as a client meets it: an in-process app shares the
    // test's event loop, which changes when the server reads and closes.
    ensureBuilt();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const run = start(
      {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: String(port),
        DATABASE_URL: process.env.DATABASE_URL,
        REDIS_URL: process.env.REDIS_URL,
        REDIS_PREFIX: process.env.REDIS_PREFIX,
        JWT_SECRET: 'upload-413-test-secret-long',
        ADMIN_EMAIL: TEST_ADMIN.email,
        ADMIN_PASSWORD: TEST_ADMIN.password,
        LOGIN_RATE_LIMIT: '100000',
        WORKERS_IN_API: 'false',
        LOG_LEVEL: 'warn',
        IMPORT_MAX_BYTES: String(LIMIT),
      },
      API_ENTRY,
    );
    child = run.child;
    // If the server dies mid-test, say why (its last words), not only that fetch was refused.
    void run.done.then((r) => {
      if (!stopping)
        console.error(`api exited (${String(r.code ?? r.signal)}):\n${r.stderr.slice(-4000)}`);
    });
    await waitForReady(`${base}/health/ready`, child);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(TEST_ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const admin = { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' };
    const code = uniqueCode('BIG');
    const partner = await fetch(`${base}/api/v1/partners`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ code, name: `Partner ${code}`, kind: 'industry' }),
    });
    expect(partner.status).toBe(201);
    const key = await fetch(`${base}/api/v1/partners/${code}/api-keys`, {
      method: 'POST',
      headers: admin,
    });
    apiKey = ((await key.json()) as { key: string }).key;
  });
  afterAll(() => {
    stopping = true;
    child.kill('SIGTERM');
  });

  const post = (body: BodyInit, headers: Record<string, string> = {}, streamed = false) =>
    fetch(`${base}/api/v1/imports`, {
      method: 'POST',
      headers: { 'X-API-Key': apiKey, ...headers },
      body,
      ...(streamed ? { duplex: 'half' } : {}),
    } as RequestInit);

  it('multipart: ten readable 413 problems in a row', async () => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 10; i++) {
      const form = new FormData();
      form.append('file', new Blob([roster], { type: 'text/csv' }), 'roster.csv');
      outcomes.push(await attempt(() => post(form)));
    }
    expect(outcomes).toEqual(Array(10).fill(READABLE_413));
  });

  it('raw text/csv with its length: ten readable 413 problems in a row', async () => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 10; i++) {
      outcomes.push(await attempt(() => post(roster, { 'Content-Type': 'text/csv' })));
    }
    expect(outcomes).toEqual(Array(10).fill(READABLE_413));
  });

  it('raw text/csv streamed without a length: ten readable 413 problems in a row', async () => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 10; i++) {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < roster.length; at += 256 * 1024) {
            controller.enqueue(roster.subarray(at, at + 256 * 1024));
          }
          controller.close();
        },
      });
      outcomes.push(await attempt(() => post(stream, { 'Content-Type': 'text/csv' }, true)));
    }
    expect(outcomes).toEqual(Array(10).fill(READABLE_413));
  });

  it('still accepts a roster under the limit afterwards', async () => {
    const small = Buffer.from('cnic,full_name,gender,cohort_code\n', 'utf8');
    const res = await post(small, { 'Content-Type': 'text/csv' });
    expect(res.status).toBe(202);
    await res.arrayBuffer();
  });
});
