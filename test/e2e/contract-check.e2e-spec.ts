// The contract check itself (test/helpers/contract.ts) can fail: each kind of disagreement it
// exists to catch is shown to it on the api's real document, and one real answer outside the
// document goes through a test app's middleware and is recorded.
import { buildOpenApiDocument } from '../../src/core/http/openapi';
import express from 'express';
import request from 'supertest';
import {
  ContractChecker,
  contractMiddleware,
  type Exchange,
  type OpenApiDocument,
  takeViolations,
} from '../helpers/contract';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

const PROBLEM = 'application/problem+json';

function answer(over: Partial<Exchange>): Exchange {
  return {
    method: 'GET',
    path: '/api/v1/programs/NO-SUCH',
    status: 404,
    headers: { 'content-type': PROBLEM },
    body: JSON.stringify({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No such program',
      instance: '/api/v1/programs/NO-SUCH',
    }),
    hadBody: true,
    ...over,
  };
}

describe('the contract check', () => {
  let t: TestApp;
  let checker: ContractChecker;

  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
    checker = new ContractChecker(buildOpenApiDocument(t.app) as unknown as OpenApiDocument);
  });
  afterAll(() => t.close());

  it('passes an answer as documented', () => {
    expect(checker.check(answer({}))).toEqual([]);
  });

  it('refuses a status the operation does not document', () => {
    expect(checker.check(answer({ status: 418 })).join()).toMatch(
      /answered 418, which is not documented/,
    );
  });

  it('refuses a content type the status does not document', () => {
    const found = checker.check(answer({ headers: { 'content-type': 'text/html' } }));
    expect(found.join()).toMatch(/answered text\/html, documented: application\/problem\+json/);
  });

  it('refuses a body that does not match the schema', () => {
    const found = checker.check(answer({ body: JSON.stringify({ status: '404' }) }));
    expect(found.join()).toMatch(/body does not match the document/);
    expect(found.join()).toMatch(/must have required property 'title'/);
  });

  it('refuses a 429 without Retry-After, and a Retry-After the status does not document', () => {
    const limited = answer({
      method: 'POST',
      path: '/api/v1/auth/login',
      status: 429,
      body: JSON.stringify({
        type: 'about:blank',
        title: 'x',
        status: 429,
        detail: 'x',
        instance: 'x',
      }),
    });
    expect(checker.check(limited).join()).toMatch(/lacks its header Retry-After/);
    expect(
      checker.check({ ...limited, headers: { ...limited.headers, 'retry-after': '30' } }),
    ).toEqual([]);
    const stray = checker.check(
      answer({ headers: { 'content-type': PROBLEM, 'retry-after': '1' } }),
    );
    expect(stray.join()).toMatch(/sent header retry-after, which is not documented/);
  });

  it('refuses a 202 upload answer without its Location, or with one elsewhere', () => {
    const accepted = (headers: Record<string, string>) =>
      checker
        .check(answer({ method: 'POST', path: '/api/v1/imports', status: 202, headers }))
        .join();
    expect(accepted({ 'content-type': 'application/json' })).toMatch(/lacks its header Location/);
    expect(accepted({ 'content-type': 'application/json', location: '/elsewhere' })).toMatch(
      /header Location=\/elsewhere/,
    );
  });

  it('refuses an answer of a route the document lacks, unless it is a problem 404', () => {
    expect(checker.check(answer({ path: '/api/v1/no-such-route' }))).toEqual([]);
    const found = checker.check(answer({ path: '/api/v1/no-such-route', status: 200 }));
    expect(found.join()).toMatch(/no operation GET \/api\/v1\/no-such-route/);
  });

  it('tells a literal path from a templated one, and reads nullable refs', () => {
    const template = answer({
      path: '/api/v1/imports/template.csv',
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: undefined,
    });
    expect(checker.check(template)).toEqual([]);
    const imported = {
      id: '7d2f1c7e-8c55-4c4e-9d3f-1f2a3b4c5d6e',
      partnerCode: 'HUAWEI',
      status: 'completed',
      filename: null,
      totalRows: 1,
      processedRows: 1,
      created: 0,
      updated: 0,
      unchanged: 1,
      rejected: 0,
      warnings: 0,
      startedAt: null,
      finishedAt: null,
      dryRun: false,
      atomic: false,
      format: 'csv',
      sizeBytes: 10,
      sha256: null,
      cancelRequested: false,
      createdAt: '2026-01-01T00:00:00.000Z',
      duplicateOf: { importId: '7d2f1c7e-8c55-4c4e-9d3f-1f2a3b4c5d6e', message: 'seen' },
    };
    const one = (body: unknown) =>
      checker.check(
        answer({
          path: `/api/v1/imports/${imported.id}`,
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    expect(one(imported)).toEqual([]);
    expect(one({ ...imported, duplicateOf: { importId: 'x' } }).join()).toMatch(/duplicateOf/);
    // A field the document does not name is drift as well.
    expect(one({ ...imported, undocumented: 1 }).join()).toMatch(
      /must NOT have additional properties \{"additionalProperty":"undocumented"\}/,
    );
  });

  it('records what an app answers outside the document, body written in pieces included', async () => {
    // An Express app with the same middleware in front and routes that break the document.
    const app = express();
    app.use(contractMiddleware(() => checker));
    app.get('/api/v1/programs', (_req, res) => {
      res.status(200).type('application/json');
      res.write('{"items": [{"code": 1}],');
      res.end(' "nextCursor": null}');
    });
    app.get('/api/v1/cohorts', (_req, res) => {
      res.status(418).json({});
    });
    await request(app).get('/api/v1/programs').expect(200);
    await request(app).get('/api/v1/cohorts').expect(418);
    const found = takeViolations();
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/GET \/api\/v1\/programs 200: body does not match the document/);
    expect(found[0]).toMatch(/\/items\/0/);
    expect(found[1]).toMatch(/get \/api\/v1\/cohorts answered 418, which is not documented/);
  });

  it('records nothing for what the real app answers as documented', async () => {
    takeViolations();
    await t.http().get('/api/v1/programs').set(bearer('not-a-token')).expect(401);
    // No such operation (PUT): a problem 404 is the one answer it may give.
    await t.http().put('/api/v1/programs').set(bearer(t.adminToken)).send({}).expect(404);
    expect(takeViolations()).toEqual([]);
  });
});
