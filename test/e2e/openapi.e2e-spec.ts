// The OpenAPI document is one a client can be generated from: it validates, every operation
// has a summary, a success schema and its errors as problem details, both API-key forms are
// security schemes, and the roster upload is described in its three forms. The committed
// document and the types generated from it (`npm run gen:api-types`) match what the api
// serves, and this suite types its calls with those generated types.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { paths } from '../../openapi/schema';
import { createPartner, type TestPartner } from '../factories/actors';
import { createProgram } from '../factories/catalog';
import { ensureBuilt, ROOT } from '../helpers/processes';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

type Json = Record<string, unknown>;
interface Operation {
  summary?: string;
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: Json; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

type ProgramPage =
  paths['/api/v1/programs']['get']['responses'][200]['content']['application/json'];
type Program =
  paths['/api/v1/programs/{idOrCode}']['get']['responses'][200]['content']['application/json'];
type ImportAccepted =
  paths['/api/v1/imports']['post']['responses'][202]['content']['application/json'];
type Problem =
  paths['/api/v1/programs/{idOrCode}']['get']['responses'][404]['content']['application/problem+json'];

describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Json & { paths: Record<string, Record<string, Operation>>; components: Json };
  const operations: [string, string, Operation][] = [];

  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
    const res = await t.http().get('/api/docs-json').expect(200);
    doc = res.body as typeof doc;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) operations.push([method, path, op]);
    }
  });

  afterAll(() => t.close());

  it('is a valid OpenAPI 3 document', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(operations.length).toBeGreaterThan(40);
  });

  it('gives every operation a summary and a success schema (or 204)', () => {
    const missing = operations.filter(([, , op]) => {
      const success = Object.entries(op.responses).filter(([code]) => code.startsWith('2'));
      const described =
        success.length === 0 ||
        success.every(
          ([code, r]) => code === '204' || Object.values(r.content ?? {}).some((c) => c.schema),
        );
      return !op.summary || !described;
    });
    expect(missing.map(([m, p]) => `${m} ${p}`)).toEqual([]);
  });

  it('answers every error as application/problem+json with the ProblemDetails schema', () => {
    const bad: string[] = [];
    for (const [method, path, op] of operations) {
      for (const [code, response] of Object.entries(op.responses)) {
        if (Number(code) < 400) continue;
        const schema = response.content?.['application/problem+json']?.schema;
        if (schema?.$ref !== '#/components/schemas/ProblemDetails')
          bad.push(`${method} ${path} ${code}`);
      }
    }
    expect(bad).toEqual([]);
    // Shared errors follow the route: an authenticated route answers 401, a route with a path
    // parameter 404 (a malformed id included: it is no such resource, not a bad request), a
    // route with a query or a body 400, a route limited to some roles 403.
    const get = doc.paths['/api/v1/programs/{idOrCode}'].get;
    expect(Object.keys(get.responses).sort()).toEqual(['200', '401', '404']);
    const createUser = doc.paths['/api/v1/users'].post;
    expect(Object.keys(createUser.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409']),
    );
  });

  it('documents lists as {items, nextCursor} of the item schema', () => {
    const list = doc.paths['/api/v1/trainees'].get.responses['200'].content?.['application/json']
      ?.schema as Json;
    expect(list).toEqual({
      type: 'object',
      required: ['items', 'nextCursor'],
      properties: {
        items: { type: 'array', items: { $ref: '#/components/schemas/TraineeView' } },
        nextCursor: { type: 'string', nullable: true },
      },
    });
  });

  it('has both partner API-key forms as security schemes, used by partner routes', () => {
    const schemes = (doc.components.securitySchemes ?? {}) as Record<string, Json>;
    expect(schemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(schemes.apiKeyAuthorization).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
    expect(doc.paths['/api/v1/imports'].get.security).toEqual(
      expect.arrayContaining([{ bearer: [] }, { apiKey: [] }, { apiKeyAuthorization: [] }]),
    );
    expect(doc.paths['/api/v1/imports/template.csv'].get.security).toEqual([]);
  });

  it('describes the upload as multipart file, raw text/csv and JSON rows, with its options', () => {
    const upload = doc.paths['/api/v1/imports'].post;
    const content = upload.requestBody?.content ?? {};
    expect(Object.keys(content).sort()).toEqual(
      ['application/json', 'multipart/form-data', 'text/csv'].sort(),
    );
    expect(content['multipart/form-data'].schema).toMatchObject({
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    });
    expect(content['application/json'].schema).toMatchObject({ required: ['rows'] });
    expect(content['application/json'].example).toBeDefined();
    const params = (upload.parameters ?? []).map((p) => `${p.in}:${p.name}`);
    expect(params).toEqual(
      expect.arrayContaining([
        'query:dryRun',
        'query:atomic',
        'query:partner',
        'header:Idempotency-Key',
      ]),
    );
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(['202', '413', '415']));
  });

  it('documents a province in a request as a code or a full name, as it is accepted', async () => {
    const schemas = (doc.components.schemas ?? {}) as Record<string, Json>;
    const inputs: [string, Json][] = [];
    for (const [method, path, op] of operations) {
      for (const p of op.parameters ?? []) {
        if (p.name === 'province')
          inputs.push([`${method} ${path} ?province`, p as unknown as Json]);
      }
      const ref = (op.requestBody?.content['application/json']?.schema?.$ref ?? '') as string;
      const body = schemas[ref.split('/').pop() ?? ''] as { properties?: Record<string, Json> };
      const province = body?.properties?.province;
      if (province) inputs.push([`${method} ${path} body.province`, province]);
    }
    expect(inputs.length).toBeGreaterThanOrEqual(6);
    for (const [where, input] of inputs) {
      const schema = ((input.schema as Json | undefined) ?? input) as Json;
      expect([where, schema.enum]).toEqual([where, undefined]);
      expect([where, String(input.description ?? schema.description)]).toEqual([
        where,
        expect.stringContaining('PB (Punjab)'),
      ]);
    }
    const cohorts = await t.http().get('/api/v1/cohorts?province=Punjab').set(bearer(t.adminToken));
    expect(cohorts.status).toBe(200);
    const targets = await t
      .http()
      .get('/api/v1/reports/targets?groupBy=province&province=punjab')
      .set(bearer(t.adminToken));
    expect(targets.status).toBe(200);
  });

  it('gives every JSON request body an example', () => {
    const without = operations
      .filter(([, , op]) => op.requestBody?.content['application/json'])
      .filter(([, , op]) => op.requestBody?.content['application/json'].example === undefined)
      .map(([m, p]) => `${m} ${p}`);
    expect(without).toEqual([]);
  });

  it('is the committed openapi/openapi.json (run npm run gen:api-types after changing routes)', () => {
    // From the built app (tsc's decorator metadata, as production serves it), not from Jest's
    // compile of the sources.
    ensureBuilt();
    const built = execFileSync(process.execPath, [join(ROOT, 'dist', 'openapi.js')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const committed = readFileSync(join(ROOT, 'openapi', 'openapi.json'), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(built));
  });

  it('has committed openapi/schema.d.ts generated from that document', () => {
    // The generator `npm run gen:api-types` runs, writing to stdout instead of the file.
    const generated = execFileSync(
      process.execPath,
      [join(ROOT, 'openapi', 'generate-types.mjs'), join(ROOT, 'openapi', 'openapi.json')],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    expect(readFileSync(join(ROOT, 'openapi', 'schema.d.ts'), 'utf8')).toBe(generated);
    // A binary string is what clients send and receive as a file: the upload's `file`.
    expect(generated).toMatch(/file: Blob;/);
  });

  describe('calls typed with the generated client types', () => {
    let partner: TestPartner;

    beforeAll(async () => {
      partner = await createPartner(t);
      await createProgram(t, { partnerCode: partner.code });
    });

    it('reads a page of programs and one program as the document says', async () => {
      const res = await t.http().get('/api/v1/programs').set('X-API-Key', partner.apiKey);
      expect(res.status).toBe(200);
      const page = res.body as ProgramPage;
      expect(page.nextCursor).toBeNull();
      expect(page.items).toHaveLength(1);
      const first = page.items[0];
      const one = await t.http().get(`/api/v1/programs/${first.code}`).set(bearer(t.adminToken));
      const program = one.body as Program;
      expect(program).toMatchObject({ id: first.id, partnerCode: partner.code });
    });

    it('uploads JSON rows and gets the documented import and problem shapes', async () => {
      const res = await t
        .http()
        .post('/api/v1/imports?dryRun=true')
        .set('Authorization', `ApiKey ${partner.apiKey}`)
        .send({ rows: [] });
      // An empty JSON roster is stored and fails in the worker, or is refused at once: both typed.
      if (res.status === 202) {
        const accepted = res.body as ImportAccepted;
        expect(accepted.status).toBe('queued');
      } else {
        const problem = res.body as Problem;
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(problem.status).toBe(res.status);
      }
      const missing = await t
        .http()
        .get('/api/v1/programs/NO-SUCH-PROGRAM')
        .set('X-API-Key', partner.apiKey);
      expect(missing.status).toBe(404);
      const problem = missing.body as Problem;
      expect(problem).toMatchObject({ status: 404, instance: '/api/v1/programs/NO-SUCH-PROGRAM' });
      expect(typeof problem.title).toBe('string');
    });
  });
});
