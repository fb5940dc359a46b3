// A partner's side of a roster import over plain HTTP: the file streamed from disk as text/csv
// with the API key, then the status polled until the import has finished.
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';

export interface ImportStatus {
  id: string;
  status: string;
  totalRows: number | null;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  failureReason?: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  duplicateOf?: { importId: string; message: string };
}

interface HttpAnswer {
  status: number;
  body: string;
}

export async function uploadFile(
  baseUrl: string,
  apiKey: string,
  path: string,
): Promise<ImportStatus> {
  const size = statSync(path).size;
  const answer = await new Promise<HttpAnswer>((resolve, reject) => {
    const req = request(
      `${baseUrl}/api/v1/imports`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'text/csv',
          'Content-Length': String(size),
          'X-API-Key': apiKey,
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    pipeline(createReadStream(path), req).catch(reject);
  });
  if (answer.status !== 202) throw new Error(`upload answered ${answer.status}: ${answer.body}`);
  return JSON.parse(answer.body) as ImportStatus;
}

export async function getImport(
  baseUrl: string,
  apiKey: string,
  id: string,
): Promise<ImportStatus> {
  const answer = await new Promise<HttpAnswer>((resolve, reject) => {
    const req = request(
      `${baseUrl}/api/v1/imports/${id}`,
      { method: 'GET', headers: { 'X-API-Key': apiKey } },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
  if (answer.status !== 200)
    throw new Error(`import status answered ${answer.status}: ${answer.body}`);
  return JSON.parse(answer.body) as ImportStatus;
}

export async function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

const FINISHED = ['completed', 'failed', 'cancelled'];

/** Polls every `everyMs` until finished; `onProgress` sees each answer. */
export async function waitForImport(
  baseUrl: string,
  apiKey: string,
  id: string,
  options: { everyMs?: number; timeoutMs?: number; onProgress?: (s: ImportStatus) => void } = {},
): Promise<ImportStatus> {
  const everyMs = options.everyMs ?? 100;
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const status = await getImport(baseUrl, apiKey, id);
    options.onProgress?.(status);
    if (FINISHED.includes(status.status)) return status;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${status.status}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
