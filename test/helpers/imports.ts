// Drives roster imports the way a partner does: upload, poll the status, read the problems.
import type { components } from '../../openapi/schema';
import type { TestApp } from './test-app';

/** An import as the API answers it: the generated type of ImportView, no hand-kept copy. */
export type ImportView = components['schemas']['ImportView'];

export interface ProblemLine {
  line: number;
  column: string;
  code: string;
  severity: string;
  message: string;
}

export async function uploadCsv(
  t: TestApp,
  apiKey: string,
  csv: string | Buffer,
  query = '',
  headers: Record<string, string> = {},
) {
  return t
    .http()
    .post(`/api/v1/imports${query}`)
    .set('X-API-Key', apiKey)
    .set('Content-Type', 'text/csv')
    .set(headers)
    .send(typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv);
}

const FINISHED = ['completed', 'failed', 'cancelled'];

export async function waitForImport(
  t: TestApp,
  apiKey: string,
  id: string,
  timeoutMs = 30000,
): Promise<ImportView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.http().get(`/api/v1/imports/${id}`).set('X-API-Key', apiKey);
    if (res.status !== 200) throw new Error(`import status ${res.status}`);
    const body = res.body as ImportView;
    if (FINISHED.includes(body.status)) return body;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function importCsv(
  t: TestApp,
  apiKey: string,
  csv: string | Buffer,
  query = '',
): Promise<ImportView> {
  const res = await uploadCsv(t, apiKey, csv, query);
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  return waitForImport(t, apiKey, (res.body as { id: string }).id);
}

/**
 * Parses the problems CSV (messages may be quoted). `credential` is a partner API key, or with
 * `as: 'bearer'` a signed-in user's token.
 */
export async function problemsOf(
  t: TestApp,
  credential: string,
  id: string,
  as: 'key' | 'bearer' = 'key',
): Promise<ProblemLine[]> {
  const res = await t
    .http()
    .get(`/api/v1/imports/${id}/errors`)
    .set(as === 'key' ? { 'X-API-Key': credential } : { Authorization: `Bearer ${credential}` });
  if (res.status !== 200) throw new Error(`errors: ${res.status}`);
  const text = res.text;
  const rows: string[][] = [];
  let cell = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  const [header, ...body] = rows;
  expect(header).toEqual(['line', 'column', 'code', 'severity', 'message']);
  return body.map(([line, column, code, severity, message]) => ({
    line: Number(line),
    column,
    code,
    severity,
    message,
  }));
}
