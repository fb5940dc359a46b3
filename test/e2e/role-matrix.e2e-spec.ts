// Who may call what, for every operation of the OpenAPI document the api serves: each
// operation is called by each kind of caller on partner A's resources and must answer what the
// contract (API.md) gives. The table below has one line per operation; an operation of the
// document with no line fails this suite, so a new route cannot ship without its place in it.
//
// Callers: admin; a coordinator assigned partner A (in scope) and one assigned partner B (out of
// scope); ministry; partner A's API key; a partner user of partner B (another partner); no
// credentials. The app runs without queue workers, so an upload stays `queued` (cancellable).
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  createPartner,
  createUser,
  createPartnerUser,
  type TestPartner,
} from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import {
  createCertification,
  createEnrollment,
  createTrainee,
  uniqueCnic,
} from '../factories/people';
import { uploadCsv } from '../helpers/imports';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

const ROLES = ['admin', 'coordIn', 'coordOut', 'ministry', 'key', 'otherUser', 'anon'] as const;
type Role = (typeof ROLES)[number];

// Expected status per caller. Partner A owns every resource named in a path; a resource of
// another partner (or outside a coordinator's scope) is 404, never 403; a role the route does
// not admit is 403 (checked before the resource is looked up); no credentials is 401.
const MATRIX = `
  operation                                          admin coordIn coordOut ministry key otherUser anon
  GET    /health/live                                 200   200     200      200      200  200      200
  GET    /health/ready                                200   200     200      200      200  200      200
  POST   /api/v1/auth/login                           200   200     200      200      200  200      200
  GET    /api/v1/auth/me                              200   200     200      200      200  200      401
  POST   /api/v1/auth/password                        422   422     422      422      403  422      401
  GET    /api/v1/partners                             200   200     200      200      200  200      401
  POST   /api/v1/partners                             201   403     403      403      403  403      401
  GET    /api/v1/partners/{idOrCode}                  200   200     404      200      200  404      401
  PATCH  /api/v1/partners/{idOrCode}                  200   403     403      403      403  403      401
  POST   /api/v1/partners/{code}/api-keys             201   403     403      403      403  403      401
  GET    /api/v1/partners/{code}/api-keys             200   403     403      403      403  403      401
  DELETE /api/v1/api-keys/{id}                        204   403     403      403      403  403      401
  POST   /api/v1/users                                201   403     403      403      403  403      401
  GET    /api/v1/users                                200   403     403      403      403  403      401
  GET    /api/v1/users/{id}                           200   403     403      403      403  403      401
  PATCH  /api/v1/users/{id}                           200   403     403      403      403  403      401
  GET    /api/v1/programs                             200   200     200      200      200  200      401
  POST   /api/v1/programs                             201   201     422      403      403  403      401
  GET    /api/v1/programs/{idOrCode}                  200   200     404      200      200  404      401
  PATCH  /api/v1/programs/{idOrCode}                  200   200     404      403      403  403      401
  DELETE /api/v1/programs/{idOrCode}                  204   204     404      403      403  403      401
  GET    /api/v1/cohorts                              200   200     200      200      200  200      401
  POST   /api/v1/cohorts                              201   201     422      403      403  403      401
  GET    /api/v1/cohorts/{idOrCode}                   200   200     404      200      200  404      401
  PATCH  /api/v1/cohorts/{idOrCode}                   200   200     404      403      403  403      401
  DELETE /api/v1/cohorts/{idOrCode}                   204   204     404      403      403  403      401
  GET    /api/v1/trainees                             200   200     200      403      200  200      401
  POST   /api/v1/trainees                             201   201     201      403      403  403      401
  GET    /api/v1/trainees/export                      200   200     200      403      200  200      401
  GET    /api/v1/trainees/{id}                        200   200     404      403      200  404      401
  PATCH  /api/v1/trainees/{id}                        200   200     404      403      403  403      401
  GET    /api/v1/enrollments                          200   200     200      403      200  200      401
  POST   /api/v1/enrollments                          201   201     422      403      403  403      401
  GET    /api/v1/enrollments/{id}                     200   200     404      403      200  404      401
  PATCH  /api/v1/enrollments/{id}                     200   200     404      403      403  403      401
  DELETE /api/v1/enrollments/{id}                     409   409     404      403      403  403      401
  GET    /api/v1/certifications                       200   200     200      403      200  200      401
  POST   /api/v1/certifications                       201   201     422      403      403  403      401
  GET    /api/v1/certifications/{id}                  200   200     404      403      200  404      401
  PATCH  /api/v1/certifications/{id}                  200   200     404      403      403  403      401
  POST   /api/v1/certifications/{id}/revoke           200   200     404      403      403  403      401
  GET    /api/v1/certifications/verify/{verificationCode} 200 200   200      200      200  200      200
  POST   /api/v1/imports                              202   202     404      403      202  202      401
  GET    /api/v1/imports                              200   200     200      200      200  200      401
  GET    /api/v1/imports/template.csv                 200   200     200      200      200  200      200
  GET    /api/v1/imports/{id}                         200   200     404      200      200  404      401
  GET    /api/v1/imports/{id}/errors                  200   200     404      200      200  404      401
  POST   /api/v1/imports/{id}/cancel                  200   200     404      403      200  404      401
  GET    /api/v1/reports/targets                      200   200     404      200      200  404      401
  GET    /api/v1/reports/national                     200   200     200      200      403  403      401
  GET    /api/v1/reports/timeseries                   200   200     404      200      200  404      401
  GET    /api/v1/audit                                200   403     403      403      403  403      401
  POST   /api/v1/partners/{code}/webhooks             201   403     403      403      403  403      401
  GET    /api/v1/partners/{code}/webhooks             200   403     403      403      403  403      401
  DELETE /api/v1/webhooks/{id}                        204   403     403      403      403  403      401
  GET    /api/v1/webhooks/{id}/deliveries             200   403     403      403      403  403      401
  PATCH  /api/v1/cohorts/{code}/enrollments           200   200     404      403      403  403      401
  GET    /api/v1/imports/{id}/rejected.csv            200   200     404      403      200  404      401
  POST   /api/v1/imports/{id}/apply                   409   409     404      403      409  404      401
  POST   /api/v1/webhooks/{id}/test                   200   403     403      403      403  403      401
  POST   /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver 200 403 403    403      403  403      401
  GET    /api/v1/reports/dashboard                    200   200     200      200      200  200      401
  GET    /api/v1/reports/data-quality                 200   200     200      200      200  200      401
  GET    /api/v1/identity-conflicts                   200   200     200      403      403  403      401
  POST   /api/v1/identity-conflicts/{id}/resolve      200   200     404      403      403  403      401
`;

function parseMatrix(text: string): Map<string, Record<Role, number>> {
  const rows = new Map<string, Record<Role, number>>();
  for (const line of text.trim().split('\n').slice(1)) {
    const [method, path, ...cells] = line.trim().split(/\s+/);
    if (cells.length !== ROLES.length)
      throw new Error(`matrix line needs ${ROLES.length} statuses: ${line}`);
    const key = `${method} ${path}`;
    if (rows.has(key)) throw new Error(`matrix has ${key} twice`);
    rows.set(
      key,
      Object.fromEntries(ROLES.map((r, i) => [r, Number(cells[i])])) as Record<Role, number>,
    );
  }
  return rows;
}

/** One call: the path (with query) and, for writes, a JSON body or a CSV upload. */
interface Call {
  path: string;
  json?: unknown;
  csv?: string;
}

interface World {
  t: TestApp;
  a: TestPartner;
  b: TestPartner;
  programCode: string;
  cohortCode: string;
  traineeId: string;
  enrollmentId: string;
  certificationId: string;
  verificationCode: string;
  importId: string;
  userId: string;
  webhookId: string;
  passwords: Record<string, { email: string; password: string }>;
  coordinatorTokens: Partial<Record<Role, string>>;
}

const tag = () => randomBytes(3).toString('hex').toUpperCase();
const csvFor = (cohortCode: string) =>
  `cnic,full_name,gender,cohort_code\n${uniqueCnic()},Ayesha Khan,female,${cohortCode}\n`;

async function adminCall(w: World, method: 'post' | 'get', path: string, body?: unknown) {
  const res = await w.t
    .http()
    [method](path)
    .set(bearer(w.t.adminToken))
    .send(body as object);
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
}

/** A queued upload of partner A (the app has no workers, so it stays queued). */
async function queuedImport(w: World): Promise<string> {
  const res = await uploadCsv(w.t, w.a.apiKey, csvFor(w.cohortCode), '?dryRun=true');
  if (res.status !== 202) throw new Error(`upload: ${res.status}`);
  return (res.body as { id: string }).id;
}

async function freshEnrolledTrainee(w: World): Promise<string> {
  const trainee = await createTrainee(w.t);
  await createEnrollment(w.t, { traineeId: trainee.id, cohortCode: w.cohortCode });
  return trainee.id;
}

/**
 * An open identity conflict of partner A on a fresh trainee: written as the roster merge
 * writes it (this app runs no import worker), so each resolve has one of its own.
 */
async function openConflict(w: World): Promise<string> {
  const trainee = await createTrainee(w.t);
  const rows = (await w.t.app.get(DataSource).query(
    `INSERT INTO identity_conflicts (trainee_id, partner_id, columns, full_name, gender)
     VALUES ($1, $2, '{full_name}', 'Matrix Supplied', 'female') RETURNING id`,
    [trainee.id, w.a.id],
  )) as { id: string }[];
  return rows[0].id;
}

const staff = (role: Role) => role === 'admin' || role === 'coordIn' || role === 'coordOut';

// How each operation is called (partner A's resources; a fresh one where the call uses it up).
const CALLS: Record<string, (w: World, role: Role) => Promise<Call> | Call> = {
  'GET /health/live': () => ({ path: '/health/live' }),
  'GET /health/ready': () => ({ path: '/health/ready' }),
  'POST /api/v1/auth/login': (w) => ({ path: '/api/v1/auth/login', json: w.passwords.ministry }),
  'GET /api/v1/auth/me': () => ({ path: '/api/v1/auth/me' }),
  // A wrong current password: the route is open to every user, and nothing changes.
  'POST /api/v1/auth/password': () => ({
    path: '/api/v1/auth/password',
    json: { currentPassword: 'not-the-password-at-all', newPassword: 'another-long-password-1' },
  }),
  'GET /api/v1/partners': () => ({ path: '/api/v1/partners' }),
  'POST /api/v1/partners': () => ({
    path: '/api/v1/partners',
    json: { code: `M-${tag()}`, name: 'Matrix partner', kind: 'industry' },
  }),
  'GET /api/v1/partners/{idOrCode}': (w) => ({ path: `/api/v1/partners/${w.a.code}` }),
  'PATCH /api/v1/partners/{idOrCode}': (w) => ({
    path: `/api/v1/partners/${w.a.code}`,
    json: { name: `Partner A ${tag()}` },
  }),
  'POST /api/v1/partners/{code}/api-keys': (w) => ({
    path: `/api/v1/partners/${w.a.code}/api-keys`,
    json: { label: 'matrix' },
  }),
  'GET /api/v1/partners/{code}/api-keys': (w) => ({
    path: `/api/v1/partners/${w.a.code}/api-keys`,
  }),
  'DELETE /api/v1/api-keys/{id}': async (w) => {
    const key = await adminCall(w, 'post', `/api/v1/partners/${w.a.code}/api-keys`, {});
    return { path: `/api/v1/api-keys/${String(key.id)}` };
  },
  'POST /api/v1/users': () => ({
    path: '/api/v1/users',
    json: {
      email: `matrix-${tag().toLowerCase()}@test.sdt.pk`,
      password: 'a-long-test-password',
      role: 'ministry',
    },
  }),
  'GET /api/v1/users': () => ({ path: '/api/v1/users' }),
  'GET /api/v1/users/{id}': (w) => ({ path: `/api/v1/users/${w.userId}` }),
  'PATCH /api/v1/users/{id}': (w) => ({
    path: `/api/v1/users/${w.userId}`,
    json: { disabled: false },
  }),
  'GET /api/v1/programs': () => ({ path: '/api/v1/programs' }),
  'POST /api/v1/programs': (w) => ({
    path: '/api/v1/programs',
    json: {
      code: `MP-${tag()}`,
      name: 'Matrix program',
      partnerCode: w.a.code,
      targetTrainees: 100,
      tracks: ['AI'],
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
    },
  }),
  'GET /api/v1/programs/{idOrCode}': (w) => ({ path: `/api/v1/programs/${w.programCode}` }),
  'PATCH /api/v1/programs/{idOrCode}': (w) => ({
    path: `/api/v1/programs/${w.programCode}`,
    json: { name: `Program A ${tag()}` },
  }),
  'DELETE /api/v1/programs/{idOrCode}': async (w) => {
    const program = await createProgram(w.t, { partnerCode: w.a.code });
    return { path: `/api/v1/programs/${program.code}` };
  },
  'GET /api/v1/cohorts': () => ({ path: '/api/v1/cohorts' }),
  'POST /api/v1/cohorts': (w) => ({
    path: '/api/v1/cohorts',
    json: {
      code: `MC-${tag()}`,
      programCode: w.programCode,
      name: 'Matrix cohort',
      track: 'AI',
      city: 'Lahore',
      province: 'Punjab',
      mode: 'onsite',
    },
  }),
  'GET /api/v1/cohorts/{idOrCode}': (w) => ({ path: `/api/v1/cohorts/${w.cohortCode}` }),
  'PATCH /api/v1/cohorts/{idOrCode}': (w) => ({
    path: `/api/v1/cohorts/${w.cohortCode}`,
    json: { name: `Cohort A ${tag()}` },
  }),
  'DELETE /api/v1/cohorts/{idOrCode}': async (w) => {
    const cohort = await createCohort(w.t, { programCode: w.programCode });
    return { path: `/api/v1/cohorts/${cohort.code}` };
  },
  'GET /api/v1/trainees': () => ({ path: '/api/v1/trainees' }),
  'POST /api/v1/trainees': () => ({
    path: '/api/v1/trainees',
    json: { cnic: uniqueCnic(), fullName: 'Sana Matrix', gender: 'female' },
  }),
  'GET /api/v1/trainees/export': () => ({ path: '/api/v1/trainees/export?format=csv' }),
  'GET /api/v1/trainees/{id}': (w) => ({ path: `/api/v1/trainees/${w.traineeId}` }),
  'PATCH /api/v1/trainees/{id}': (w) => ({
    path: `/api/v1/trainees/${w.traineeId}`,
    json: { district: 'Lahore' },
  }),
  'GET /api/v1/enrollments': () => ({ path: '/api/v1/enrollments' }),
  'POST /api/v1/enrollments': async (w, role) => {
    // A trainee the caller can see: a coordinator sees the trainees it created itself.
    const trainee = await createTrainee(w.t, {}, w.coordinatorTokens[role] ?? w.t.adminToken);
    return {
      path: '/api/v1/enrollments',
      json: { traineeId: trainee.id, cohortCode: w.cohortCode, enrolledOn: '2026-02-01' },
    };
  },
  'GET /api/v1/enrollments/{id}': (w) => ({ path: `/api/v1/enrollments/${w.enrollmentId}` }),
  'PATCH /api/v1/enrollments/{id}': (w) => ({
    path: `/api/v1/enrollments/${w.enrollmentId}`,
    json: { progressPct: 10 + Math.floor(Math.random() * 50) },
  }),
  'DELETE /api/v1/enrollments/{id}': (w) => ({ path: `/api/v1/enrollments/${w.enrollmentId}` }),
  'GET /api/v1/certifications': () => ({ path: '/api/v1/certifications' }),
  'POST /api/v1/certifications': async (w) => ({
    path: '/api/v1/certifications',
    json: {
      traineeId: await freshEnrolledTrainee(w),
      programCode: w.programCode,
      name: 'HCIA-AI',
      certificateNumber: `MX-${tag()}`,
      issuedOn: '2026-06-30',
    },
  }),
  'GET /api/v1/certifications/{id}': (w) => ({
    path: `/api/v1/certifications/${w.certificationId}`,
  }),
  'PATCH /api/v1/certifications/{id}': (w) => ({
    path: `/api/v1/certifications/${w.certificationId}`,
    json: { name: `HCIA-AI ${tag()}` },
  }),
  'POST /api/v1/certifications/{id}/revoke': async (w) => {
    const cert = await createCertification(w.t, {
      traineeId: await freshEnrolledTrainee(w),
      programCode: w.programCode,
    });
    return { path: `/api/v1/certifications/${cert.id}/revoke`, json: {} };
  },
  'GET /api/v1/certifications/verify/{verificationCode}': (w) => ({
    path: `/api/v1/certifications/verify/${w.verificationCode}`,
  }),
  // Staff name the partner; a key or partner user uploads for its own partner.
  'POST /api/v1/imports': (w, role) => ({
    path: `/api/v1/imports?dryRun=true${staff(role) ? `&partner=${w.a.code}` : ''}`,
    csv: csvFor(w.cohortCode),
  }),
  'GET /api/v1/imports': () => ({ path: '/api/v1/imports' }),
  'GET /api/v1/imports/template.csv': () => ({ path: '/api/v1/imports/template.csv' }),
  'GET /api/v1/imports/{id}': (w) => ({ path: `/api/v1/imports/${w.importId}` }),
  'GET /api/v1/imports/{id}/errors': (w) => ({ path: `/api/v1/imports/${w.importId}/errors` }),
  'POST /api/v1/imports/{id}/cancel': async (w) => ({
    path: `/api/v1/imports/${await queuedImport(w)}/cancel`,
  }),
  'GET /api/v1/reports/targets': (w) => ({
    path: `/api/v1/reports/targets?program=${w.programCode}`,
  }),
  'GET /api/v1/reports/national': () => ({ path: '/api/v1/reports/national' }),
  'GET /api/v1/reports/timeseries': (w) => ({
    path: `/api/v1/reports/timeseries?program=${w.programCode}&metric=enrolled`,
  }),
  'GET /api/v1/audit': () => ({ path: '/api/v1/audit' }),
  'POST /api/v1/partners/{code}/webhooks': (w) => ({
    path: `/api/v1/partners/${w.a.code}/webhooks`,
    json: { url: 'http://127.0.0.1:9/matrix', events: ['import.finished'] },
  }),
  'GET /api/v1/partners/{code}/webhooks': (w) => ({
    path: `/api/v1/partners/${w.a.code}/webhooks`,
  }),
  'DELETE /api/v1/webhooks/{id}': async (w) => {
    const hook = await adminCall(w, 'post', `/api/v1/partners/${w.a.code}/webhooks`, {
      url: 'http://127.0.0.1:9/matrix',
      events: ['import.finished'],
    });
    return { path: `/api/v1/webhooks/${String(hook.id)}` };
  },
  'GET /api/v1/webhooks/{id}/deliveries': (w) => ({
    path: `/api/v1/webhooks/${w.webhookId}/deliveries`,
  }),
  'PATCH /api/v1/cohorts/{code}/enrollments': (w) => ({
    path: `/api/v1/cohorts/${w.cohortCode}/enrollments`,
    json: { ids: [w.enrollmentId], status: 'active' },
  }),
  'GET /api/v1/imports/{id}/rejected.csv': (w) => ({
    path: `/api/v1/imports/${w.importId}/rejected.csv`,
  }),
  // This app runs no import worker: the dry run is still queued, so a caller that may apply
  // it is told it is not a completed preview (409).
  'POST /api/v1/imports/{id}/apply': (w) => ({ path: `/api/v1/imports/${w.importId}/apply` }),
  'POST /api/v1/webhooks/{id}/test': (w) => ({ path: `/api/v1/webhooks/${w.webhookId}/test` }),
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': async (w) => {
    const ping = await adminCall(w, 'post', `/api/v1/webhooks/${w.webhookId}/test`);
    return {
      path: `/api/v1/webhooks/${w.webhookId}/deliveries/${String(ping.id)}/redeliver`,
    };
  },
  'GET /api/v1/reports/dashboard': () => ({ path: '/api/v1/reports/dashboard' }),
  'GET /api/v1/reports/data-quality': () => ({ path: '/api/v1/reports/data-quality' }),
  'GET /api/v1/identity-conflicts': () => ({ path: '/api/v1/identity-conflicts' }),
  'POST /api/v1/identity-conflicts/{id}/resolve': async (w) => ({
    path: `/api/v1/identity-conflicts/${await openConflict(w)}/resolve`,
    json: { keep: 'record' },
  }),
};

describe('role-by-route matrix (every operation of the OpenAPI document)', () => {
  const expected = parseMatrix(MATRIX);
  let w: World;
  let credentials: Record<Role, Record<string, string>>;
  let operations: string[];

  beforeAll(async () => {
    const t = await createTestApp({ withWorkers: false });
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const a = await createPartner(t);
    const b = await createPartner(t);
    const program = await createProgram(t, { partnerCode: a.code });
    const cohort = await createCohort(t, { programCode: program.code });
    const password = 'a-long-test-password';
    const users = {
      coordIn: await createUser(t, 'coordinator', [a.code]),
      coordOut: await createUser(t, 'coordinator', [b.code]),
      ministry: await createUser(t, 'ministry'),
      otherUser: await createPartnerUser(t, b.code),
    };
    w = {
      t,
      a,
      b,
      programCode: program.code,
      cohortCode: cohort.code,
      traineeId: '',
      enrollmentId: '',
      certificationId: '',
      verificationCode: '',
      importId: '',
      userId: users.ministry.id,
      webhookId: '',
      passwords: { ministry: { email: users.ministry.email, password } },
      coordinatorTokens: { coordIn: users.coordIn.token, coordOut: users.coordOut.token },
    };
    w.traineeId = (await createTrainee(t)).id;
    w.enrollmentId = (
      await createEnrollment(t, { traineeId: w.traineeId, cohortCode: cohort.code })
    ).id;
    const cert = await createCertification(t, {
      traineeId: w.traineeId,
      programCode: program.code,
    });
    w.certificationId = cert.id;
    w.verificationCode = cert.verificationCode;
    w.importId = await queuedImport(w);
    w.webhookId = String(
      (
        await adminCall(w, 'post', `/api/v1/partners/${a.code}/webhooks`, {
          url: 'http://127.0.0.1:9/matrix',
          events: ['import.finished'],
        })
      ).id,
    );
    credentials = {
      admin: bearer(t.adminToken),
      coordIn: bearer(users.coordIn.token),
      coordOut: bearer(users.coordOut.token),
      ministry: bearer(users.ministry.token),
      key: { 'X-API-Key': a.apiKey },
      otherUser: bearer(users.otherUser.token),
      anon: {},
    };
  });

  afterAll(() => w?.t.close());

  it('has one line for every operation of the document, and none for an operation it lacks', () => {
    const missing = operations.filter((op) => !expected.has(op));
    const stale = [...expected.keys()].filter((op) => !operations.includes(op));
    const uncalled = operations.filter((op) => !CALLS[op]);
    expect({ missing, stale, uncalled }).toEqual({ missing: [], stale: [], uncalled: [] });
    expect(operations.length).toBeGreaterThan(50);
  });

  it.each([...expected.keys()])('%s', async (op) => {
    const method = op.split(' ')[0];
    const build = CALLS[op];
    if (!build) throw new Error(`no call for ${op} (add one to CALLS)`);
    const got: Partial<Record<Role, number>> = {};
    for (const role of ROLES) {
      const call = await build(w, role);
      const verb = method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
      let req = w.t.http()[verb](call.path).set(credentials[role]);
      if (call.csv !== undefined) {
        req = req.set('Content-Type', 'text/csv').send(Buffer.from(call.csv, 'utf8'));
      } else if (call.json !== undefined) {
        req = req.send(call.json as object);
      }
      const res = await req;
      got[role] = res.status;
      if (res.status >= 400) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
    expect(`${op}: ${ROLES.map((r) => `${r} ${got[r]}`).join(', ')}`).toBe(
      `${op}: ${ROLES.map((r) => `${r} ${expected.get(op)?.[r]}`).join(', ')}`,
    );
  });
});
