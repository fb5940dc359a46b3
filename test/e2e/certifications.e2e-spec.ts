import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QUEUES } from '../../src/core/queue/queue-names';
import { createUser } from '../factories/actors';
import { createCohort } from '../factories/catalog';
import {
  CertificationBody,
  createCertification,
  createEnrollment,
  createPartnerWithCohort,
  createTrainee,
  PartnerCatalog,
  TraineeBody,
} from '../factories/people';
import { bearer, createTestApp, TestApp } from '../helpers/test-app';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

const fieldsOf = (body: unknown) => ((body as Problem).errors ?? []).map((e) => e.field);

describe('certifications', () => {
  let t: TestApp;
  let a: PartnerCatalog;
  let b: PartnerCatalog;
  beforeAll(async () => {
    t = await createTestApp();
    a = await createPartnerWithCohort(t);
    b = await createPartnerWithCohort(t);
  });
  afterAll(() => t.close());

  const admin = () => bearer(t.adminToken);

  /** A trainee enrolled with the catalog's program. */
  async function enrolledTrainee(
    catalog: PartnerCatalog,
    overrides: Record<string, unknown> = {},
  ): Promise<TraineeBody> {
    const trainee = await createTrainee(t, overrides);
    await createEnrollment(t, { traineeId: trainee.id, cohortCode: catalog.cohortCode });
    return trainee;
  }

  describe('POST', () => {
    it('awards a certification with a random public code and the program’s partner', async () => {
      const trainee = await enrolledTrainee(a);
      const res = await t
        .http()
        .post('/api/v1/certifications')
        .set(admin())
        .send({
          traineeId: trainee.id,
          programCode: a.programCode,
          name: 'HCIA-AI',
          certificateNumber: 'HW-2026-000001',
          issuedOn: '2026-06-30',
          expiresOn: '2029-06-30',
        })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        traineeId: trainee.id,
        programId: a.programId,
        programCode: a.programCode,
        partnerId: a.partner.id,
        partnerCode: a.partner.code,
        name: 'HCIA-AI',
        certificateNumber: 'HW-2026-000001',
        issuedOn: '2026-06-30',
        expiresOn: '2029-06-30',
        verificationCode: expect.stringMatching(/^[A-Za-z0-9_-]{16,}$/),
        revokedAt: null,
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
      const other = await createCertification(t, {
        traineeId: trainee.id,
        programCode: a.programCode,
      });
      expect(other.verificationCode).not.toBe(res.body.verificationCode);
    });

    it('refuses a trainee without an enrollment in the program (422)', async () => {
      const trainee = await enrolledTrainee(b);
      const res = await t
        .http()
        .post('/api/v1/certifications')
        .set(admin())
        .send({
          traineeId: trainee.id,
          programCode: a.programCode,
          name: 'HCIA-AI',
          certificateNumber: 'X-1',
          issuedOn: '2026-06-30',
        })
        .expect(422);
      expect(fieldsOf(res.body)).toEqual(['traineeId']);
    });

    it('keeps certificate numbers unique per partner, not across partners', async () => {
      const number = `NUM-${Date.now()}`;
      const ta = await enrolledTrainee(a);
      const tb = await enrolledTrainee(b);
      await createCertification(t, {
        traineeId: ta.id,
        programCode: a.programCode,
        certificateNumber: number,
      });
      const again = await t
        .http()
        .post('/api/v1/certifications')
        .set(admin())
        .send({
          traineeId: ta.id,
          programCode: a.programCode,
          name: 'HCIA-Cloud',
          certificateNumber: number,
          issuedOn: '2026-07-01',
        })
        .expect(409);
      expect(fieldsOf(again.body)).toEqual(['certificateNumber']);
      await createCertification(t, {
        traineeId: tb.id,
        programCode: b.programCode,
        certificateNumber: number,
      });
    });

    it.each([
      [{ programCode: 'NO-SUCH-PROGRAM' }, 422, 'programCode'],
      [{ expiresOn: '2026-01-01' }, 422, 'expiresOn'],
      [{ issuedOn: '30/06/2026' }, 400, 'issuedOn'],
      [{ name: '' }, 400, 'name'],
      [{ name: 'HCIA\nAI' }, 400, 'name'],
      [{ certificateNumber: '   ' }, 400, 'certificateNumber'],
      [{ verificationCode: 'chosen-by-me-1234567' }, 400, undefined],
      [{ partnerId: '6f1c2d1e-8a2b-4c1d-9e0f-123456789abc' }, 400, undefined],
      [{ revokedAt: '2026-01-01T00:00:00Z' }, 400, undefined],
    ])('refuses %j with %i', async (body, status, field) => {
      const trainee = await enrolledTrainee(a);
      const res = await t
        .http()
        .post('/api/v1/certifications')
        .set(admin())
        .send({
          traineeId: trainee.id,
          programCode: a.programCode,
          name: 'HCIA-AI',
          certificateNumber: `C-${Date.now()}`,
          issuedOn: '2026-06-30',
          ...body,
        })
        .expect(status);
      if (field) expect(fieldsOf(res.body)).toEqual([field]);
    });

    it('asks for a progress recompute of the program', async () => {
      const catalog = await createPartnerWithCohort(t);
      const trainee = await enrolledTrainee(catalog);
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.progress));
      // The enrollment asked for one too: let its de-duplication window pass first.
      await new Promise((resolve) => setTimeout(resolve, 700));
      const before = Date.now();
      await createCertification(t, { traineeId: trainee.id, programCode: catalog.programCode });
      const jobs = await queue.getJobs(['delayed', 'waiting', 'active', 'completed', 'failed']);
      const mine = jobs.filter(
        (j) =>
          j.timestamp >= before &&
          (j.data as { programId: string }).programId === catalog.programId,
      );
      expect(mine.length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('revocation', () => {
    it('revokes with POST /:id/revoke, keeping the first revocation time', async () => {
      const trainee = await enrolledTrainee(a);
      const c = await createCertification(t, { traineeId: trainee.id, programCode: a.programCode });
      const first = await t
        .http()
        .post(`/api/v1/certifications/${c.id}/revoke`)
        .set(admin())
        .expect(200);
      expect(first.body.revokedAt).toEqual(expect.stringMatching(/Z$/));
      const second = await t
        .http()
        .post(`/api/v1/certifications/${c.id}/revoke`)
        .set(admin())
        .expect(200);
      expect(second.body.revokedAt).toBe(first.body.revokedAt);
    });

    it('revokes with PATCH {revoked: true}; a revocation cannot be undone', async () => {
      const trainee = await enrolledTrainee(a);
      const c = await createCertification(t, { traineeId: trainee.id, programCode: a.programCode });
      const res = await t
        .http()
        .patch(`/api/v1/certifications/${c.id}`)
        .set(admin())
        .send({ revoked: true })
        .expect(200);
      expect(res.body.revokedAt).not.toBeNull();
      const undo = await t
        .http()
        .patch(`/api/v1/certifications/${c.id}`)
        .set(admin())
        .send({ revoked: false })
        .expect(422);
      expect(fieldsOf(undo.body)).toEqual(['revoked']);
    });

    it('edits name and dates with PATCH, keeping the public code', async () => {
      const trainee = await enrolledTrainee(a);
      const c = await createCertification(t, { traineeId: trainee.id, programCode: a.programCode });
      const res = await t
        .http()
        .patch(`/api/v1/certifications/${c.id}`)
        .set(admin())
        .send({ name: 'HCIP-AI', expiresOn: '2030-01-01' })
        .expect(200);
      expect(res.body).toMatchObject({
        name: 'HCIP-AI',
        expiresOn: '2030-01-01',
        certificateNumber: c.certificateNumber,
        verificationCode: c.verificationCode,
      });
      await t
        .http()
        .patch(`/api/v1/certifications/${c.id}`)
        .set(admin())
        .send({ expiresOn: '2020-01-01' })
        .expect(422);
    });

    it('refuses renumbering to a number the partner already used (409)', async () => {
      const trainee = await enrolledTrainee(a);
      const c1 = await createCertification(t, {
        traineeId: trainee.id,
        programCode: a.programCode,
      });
      const c2 = await createCertification(t, {
        traineeId: trainee.id,
        programCode: a.programCode,
      });
      await t
        .http()
        .patch(`/api/v1/certifications/${c2.id}`)
        .set(admin())
        .send({ certificateNumber: c1.certificateNumber })
        .expect(409);
      const same = await t
        .http()
        .patch(`/api/v1/certifications/${c2.id}`)
        .set(admin())
        .send({ certificateNumber: c2.certificateNumber })
        .expect(200);
      expect(same.body.certificateNumber).toBe(c2.certificateNumber);
    });
  });

  it('filters by trainee, program, partner and revocation', async () => {
    const catalog = await createPartnerWithCohort(t);
    const t1 = await enrolledTrainee(catalog);
    const t2 = await enrolledTrainee(catalog);
    const c1 = await createCertification(t, { traineeId: t1.id, programCode: catalog.programCode });
    const c2 = await createCertification(t, { traineeId: t2.id, programCode: catalog.programCode });
    await t.http().post(`/api/v1/certifications/${c2.id}/revoke`).set(admin()).expect(200);
    const ids = async (query: Record<string, string>) => {
      const res = await t
        .http()
        .get('/api/v1/certifications')
        .query(query)
        .set(admin())
        .expect(200);
      return (res.body.items as CertificationBody[]).map((x) => x.id);
    };
    expect(await ids({ programCode: catalog.programCode })).toEqual([c1.id, c2.id]);
    expect(await ids({ partnerCode: catalog.partner.code })).toEqual([c1.id, c2.id]);
    expect(await ids({ traineeId: t2.id })).toEqual([c2.id]);
    expect(await ids({ programCode: catalog.programCode, revoked: 'true' })).toEqual([c2.id]);
    expect(await ids({ programCode: catalog.programCode, revoked: 'false' })).toEqual([c1.id]);
    await t.http().get('/api/v1/certifications').query({ revoked: 'yes' }).set(admin()).expect(400);
  });

  it("filters by cohort: the certificates of that cohort's roster, in its program", async () => {
    const catalog = await createPartnerWithCohort(t);
    const other = await createCohort(t, { programCode: catalog.programCode });
    const inCohort = await enrolledTrainee(catalog);
    const elsewhere = await createTrainee(t);
    await createEnrollment(t, { traineeId: elsewhere.id, cohortCode: other.code });
    const mine = await createCertification(t, {
      traineeId: inCohort.id,
      programCode: catalog.programCode,
    });
    await createCertification(t, { traineeId: elsewhere.id, programCode: catalog.programCode });
    const res = await t
      .http()
      .get('/api/v1/certifications')
      .query({ cohortCode: catalog.cohortCode })
      .set(admin())
      .expect(200);
    expect((res.body.items as CertificationBody[]).map((x) => x.id)).toEqual([mine.id]);
    const bad = await t
      .http()
      .get('/api/v1/certifications')
      .query({ cohortCode: 'not a code!' })
      .set(admin())
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['cohortCode']);
  });

  describe('who may read and write', () => {
    let ofA: CertificationBody;
    let ofB: CertificationBody;
    let trainee: TraineeBody;
    beforeAll(async () => {
      const ta = await enrolledTrainee(a);
      const tb = await enrolledTrainee(b);
      ofA = await createCertification(t, { traineeId: ta.id, programCode: a.programCode });
      ofB = await createCertification(t, { traineeId: tb.id, programCode: b.programCode });
      trainee = ta;
    });

    it("gives a partner its own certifications and 404 for another partner's", async () => {
      const key = { 'X-API-Key': a.partner.apiKey };
      await t.http().get(`/api/v1/certifications/${ofA.id}`).set(key).expect(200);
      await t.http().get(`/api/v1/certifications/${ofB.id}`).set(key).expect(404);
      const list = await t
        .http()
        .get('/api/v1/certifications')
        .query({ limit: 500 })
        .set(key)
        .expect(200);
      const items = list.body.items as CertificationBody[];
      expect(items.map((x) => x.id)).toContain(ofA.id);
      expect(new Set(items.map((x) => x.partnerCode))).toEqual(new Set([a.partner.code]));
    });

    it('refuses a partner writing or revoking (403)', async () => {
      const key = { 'X-API-Key': a.partner.apiKey };
      await t
        .http()
        .post('/api/v1/certifications')
        .set(key)
        .send({
          traineeId: trainee.id,
          programCode: a.programCode,
          name: 'HCIA-AI',
          certificateNumber: 'P-1',
          issuedOn: '2026-06-30',
        })
        .expect(403);
      await t.http().post(`/api/v1/certifications/${ofA.id}/revoke`).set(key).expect(403);
      await t
        .http()
        .patch(`/api/v1/certifications/${ofA.id}`)
        .set(key)
        .send({ name: 'x' })
        .expect(403);
    });

    it('scopes a coordinator to its partners; outside them the program is unknown', async () => {
      const coordinator = await createUser(t, 'coordinator', [a.partner.code]);
      const h = bearer(coordinator.token);
      await t.http().get(`/api/v1/certifications/${ofA.id}`).set(h).expect(200);
      await t.http().get(`/api/v1/certifications/${ofB.id}`).set(h).expect(404);
      await t.http().post(`/api/v1/certifications/${ofB.id}/revoke`).set(h).expect(404);
      const tb = await enrolledTrainee(b);
      const res = await t
        .http()
        .post('/api/v1/certifications')
        .set(h)
        .send({
          traineeId: tb.id,
          programCode: b.programCode,
          name: 'HCIA-AI',
          certificateNumber: 'SCOPED-1',
          issuedOn: '2026-06-30',
        })
        .expect(422);
      expect(res.body.errors).toEqual([{ field: 'programCode', message: 'unknown program' }]);
      await createCertification(
        t,
        { traineeId: trainee.id, programCode: a.programCode },
        coordinator.token,
      );
    });

    it('refuses the ministry on every certification route except the public check', async () => {
      const ministry = await createUser(t, 'ministry');
      const h = bearer(ministry.token);
      await t.http().get('/api/v1/certifications').set(h).expect(403);
      await t.http().get(`/api/v1/certifications/${ofA.id}`).set(h).expect(403);
      await t.http().post('/api/v1/certifications').set(h).send({}).expect(403);
      await t.http().post(`/api/v1/certifications/${ofA.id}/revoke`).set(h).expect(403);
      await t
        .http()
        .get(`/api/v1/certifications/verify/${ofA.verificationCode}`)
        .set(h)
        .expect(200);
    });

    it('refuses callers without credentials (401)', async () => {
      await t.http().get('/api/v1/certifications').expect(401);
      await t.http().get(`/api/v1/certifications/${ofA.id}`).expect(401);
      await t.http().post(`/api/v1/certifications/${ofA.id}/revoke`).expect(401);
    });
  });

  describe('public verification', () => {
    it('answers without credentials, masking the holder and never showing the CNIC', async () => {
      const trainee = await enrolledTrainee(a, { fullName: 'Ayesha Siddiqa Khan' });
      const c = await createCertification(t, {
        traineeId: trainee.id,
        programCode: a.programCode,
        name: 'HCIA-AI',
        issuedOn: '2026-06-30',
        expiresOn: '2099-06-30',
      });
      const res = await t.http().get(`/api/v1/certifications/verify/${c.verificationCode}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        valid: true,
        name: 'A. S. Khan',
        certification: 'HCIA-AI',
        programName: `Program ${a.programCode}`,
        partnerName: `Partner ${a.partner.code}`,
        issuedOn: '2026-06-30',
        expiresOn: '2099-06-30',
        revoked: false,
      });
      const text = JSON.stringify(res.body);
      for (const secret of [
        trainee.cnic,
        'Ayesha',
        'Siddiqa',
        trainee.phone ?? '+92',
        trainee.id,
      ]) {
        expect(text).not.toContain(secret);
      }
      expect(res.body).not.toHaveProperty('cnic');
    });

    it('keeps a one-word name as it is', async () => {
      const trainee = await enrolledTrainee(a, { fullName: 'Madonna' });
      const c = await createCertification(t, { traineeId: trainee.id, programCode: a.programCode });
      const res = await t.http().get(`/api/v1/certifications/verify/${c.verificationCode}`);
      expect(res.body.name).toBe('Madonna');
    });

    it('says a revoked certificate is not valid', async () => {
      const trainee = await enrolledTrainee(a);
      const c = await createCertification(t, { traineeId: trainee.id, programCode: a.programCode });
      await t.http().post(`/api/v1/certifications/${c.id}/revoke`).set(admin()).expect(200);
      const res = await t
        .http()
        .get(`/api/v1/certifications/verify/${c.verificationCode}`)
        .expect(200);
      expect(res.body).toMatchObject({ valid: false, revoked: true });
    });

    it('says an expired certificate is not valid, though not revoked', async () => {
      const trainee = await enrolledTrainee(a);
      const c = await createCertification(t, {
        traineeId: trainee.id,
        programCode: a.programCode,
        issuedOn: '2020-01-01',
        expiresOn: '2021-01-01',
      });
      const res = await t
        .http()
        .get(`/api/v1/certifications/verify/${c.verificationCode}`)
        .expect(200);
      expect(res.body).toMatchObject({ valid: false, revoked: false, expiresOn: '2021-01-01' });
    });

    it('answers 404 for an unknown or malformed code', async () => {
      const res = await t
        .http()
        .get('/api/v1/certifications/verify/AAAAAAAAAAAAAAAAAAAAAAAA')
        .expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      await t.http().get('/api/v1/certifications/verify/short').expect(404);
      await t.http().get('/api/v1/certifications/verify/%27%20OR%201%3D1--').expect(404);
    });
  });

  // Last: a second app in one process takes over passport's global strategies.
  describe('verification rate limit', () => {
    let limited: TestApp;
    let path: string;
    beforeAll(async () => {
      const trainee = await enrolledTrainee(a);
      const c = await createCertification(t, { traineeId: trainee.id, programCode: a.programCode });
      path = `/api/v1/certifications/verify/${c.verificationCode}`;
      // An odd window keeps this app's counter apart from the checks the other tests made.
      limited = await createTestApp({
        withWorkers: false,
        env: { VERIFY_RATE_LIMIT: '3', VERIFY_RATE_WINDOW_SECONDS: '3571' },
      });
    });
    afterAll(() => limited.close());

    it('answers 429 with Retry-After once a client exceeds the limit', async () => {
      for (let i = 0; i < 3; i++) {
        const ok = await limited.http().get(path);
        expect(ok.status).toBe(200);
        expect(ok.body.valid).toBe(true);
      }
      const fourth = await limited.http().get(path);
      expect(fourth.status).toBe(429);
      expect(Number(fourth.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(fourth.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(fourth.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(JSON.stringify(fourth.body)).not.toContain('valid');
    });
  });
});
