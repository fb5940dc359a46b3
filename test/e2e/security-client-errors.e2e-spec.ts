// Requests Node's HTTP parser refuses before Express sees them (issue 15, item 9): a 70 KB header,
// a 100,000-character cursor, a request line that is not HTTP. Each is answered as problem
// details (application/problem+json, with the security headers), readable by an ordinary client,
// instead of Node's bare `431` with an empty body.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `raw` on a fresh connection and parses everything the server answers until it closes. */
function rawRequest(port: number, raw: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

/** The same through Node's own http client, the way an ordinary client reads it. */
function nodeGet(port: number, path: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])),
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

function expectProblem(answer: RawAnswer, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  expect(body).toEqual({
    type: expect.stringMatching(/^https:\/\//),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: expect.any(String),
  });
  expect(answer.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
}

describe('requests the HTTP parser refuses', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('a 70 KB header is 431 problem details', async () => {
    const big = 'x'.repeat(70 * 1024);
    const answer = await rawRequest(
      port,
      `GET /api/v1/programs HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${big}\r\n\r\n`,
    );
    expectProblem(answer, 431);
    expect(JSON.parse(answer.body)).toMatchObject({ title: 'Request Header Fields Too Large' });
    expect(answer.body).not.toContain('xxxx');
  });

  it('a 100,000-character cursor is 431 problem details, read by Node’s http client', async () => {
    const cursor = 'A'.repeat(100_000);
    const answer = await nodeGet(port, `/api/v1/trainees?cursor=${cursor}`, bearer(t.adminToken));
    expectProblem(answer, 431);
    expect(answer.body).not.toContain('AAAA');
  });

  it('a request line that is not HTTP is 400 problem details', async () => {
    const answer = await rawRequest(port, 'HELLO THERE\r\n\r\n');
    expectProblem(answer, 400);
  });

  it('a malformed header is 400 problem details', async () => {
    const answer = await rawRequest(
      port,
      'GET /health/live HTTP/1.1\r\nHost: localhost\r\nBad Header Name: 1\r\n\r\n',
    );
    expectProblem(answer, 400);
  });

  it('the server keeps answering ordinary requests', async () => {
    const answer = await nodeGet(port, '/health/live', {});
    expect(answer.status).toBe(200);
  });
});
