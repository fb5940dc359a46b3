import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { SystemClock } from '../../src/core/clock/clock';
import { QUEUES } from '../../src/core/queue/queue-names';
import { createUser } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import {
  createEnrollment,
  createPartnerWithCohort,
  createTrainee,
  EnrollmentBody,
  PartnerCatalog,
  TraineeBody,
} from '../factories/people';
import { bearer, createTestApp, TestApp } from '../helpers/test-app';

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** Today by the api's rule (core/clock: the UTC day). */
const today = () => new SystemClock().today();

describe('enrollments', () => {
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
  const patch = (id: string, body: Record<string, unknown>, token = t.adminToken) =>
    t.http().patch(`/api/v1/enrollments/${id}`).set(bearer(token)).send(body);
  const fieldsOf = (body: unknown) => ((body as Problem).errors ?? []).map((e) => e.field);

  async function enrolled(catalog = a, extra: Record<string, unknown> = {}) {
    const trainee = await createTrainee(t);
    return createEnrollment(t, { traineeId: trainee.id, cohortCode: catalog.cohortCode, ...extra });
  }

  describe('POST', () => {
    it('derives the program and partner from the cohort and answers the whole enrollment', async () => {
      const trainee = await createTrainee(t);
      const res = await t
        .http()
        .post('/api/v1/enrollments')
        .set(admin())
        .send({ traineeId: trainee.id, cohortCode: a.cohortCode, externalId: ' HW-000042 ' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        traineeId: trainee.id,
        cohortId: a.cohortId,
        cohortCode: a.cohortCode,
        programId: a.programId,
        programCode: a.programCode,
        partnerId: a.partner.id,
        partnerCode: a.partner.code,
        externalId: 'HW-000042',
        status: 'enrolled',
        progressPct: 0,
        enrolledOn: today(),
        completedOn: null,
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
      const read = await t.http().get(`/api/v1/enrollments/${res.body.id}`).set(admin());
      expect(read.body).toEqual(res.body);
    });

    it('allows one enrollment per trainee per program: a second one, in any cohort, is 409', async () => {
      const first = await enrolled();
      const sibling = await createCohort(t, { programCode: a.programCode });
      const res = await t
        .http()
        .post('/api/v1/enrollments')
        .set(admin())
        .send({ traineeId: first.traineeId, cohortCode: sibling.code })
        .expect(409);
      expect(fieldsOf(res.body)).toEqual(['traineeId']);
      // Another program (here another partner's) is a new enrollment.
      await createEnrollment(t, { traineeId: first.traineeId, cohortCode: b.cohortCode });
    });

    it('creates a completed enrollment at 100 % and completed today', async () => {
      const e = await enrolled(a, { status: 'completed' });
      expect(e).toMatchObject({ status: 'completed', progressPct: 100, completedOn: today() });
    });

    it.each([
      [{ status: 'completed', progressPct: 50 }, 'progressPct'],
      [{ status: 'active', completedOn: '2026-03-01' }, 'completedOn'],
      [{ status: 'completed', enrolledOn: '2026-03-01', completedOn: '2026-02-01' }, 'completedOn'],
    ])('refuses the inconsistent %j with 422', async (body, field) => {
      const trainee = await createTrainee(t);
      const res = await t
        .http()
        .post('/api/v1/enrollments')
        .set(admin())
        .send({ traineeId: trainee.id, cohortCode: a.cohortCode, ...body })
        .expect(422);
      expect(fieldsOf(res.body)).toEqual([field]);
    });

    it.each([
      [{ status: 'finished' }, 'status'],
      [{ progressPct: 101 }, 'progressPct'],
      [{ progressPct: 55.5 }, 'progressPct'],
      [{ enrolledOn: '2026-02-30' }, 'enrolledOn'],
      [{ externalId: 'HW\u000042' }, 'externalId'],
      [{ cohortCode: 'lower case' }, 'cohortCode'],
      [{ traineeId: 'not-a-uuid' }, 'traineeId'],
    ])('refuses the malformed %j with 400', async (body, field) => {
      const trainee = await createTrainee(t);
      const res = await t
        .http()
        .post('/api/v1/enrollments')
        .set(admin())
        .send({ traineeId: trainee.id, cohortCode: a.cohortCode, ...body })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    });

    it('refuses programId, partnerId or id in the body (they follow from the cohort)', async () => {
      const trainee = await createTrainee(t);
      for (const extra of [
        { programId: b.programId },
        { partnerId: b.partner.id },
        { id: a.cohortId },
      ]) {
        await t
          .http()
          .post('/api/v1/enrollments')
          .set(admin())
          .send({ traineeId: trainee.id, cohortCode: a.cohortCode, ...extra })
          .expect(400);
      }
    });

    it('answers 422 for an unknown cohort or trainee', async () => {
      const trainee = await createTrainee(t);
      const cohort = await t
        .http()
        .post('/api/v1/enrollments')
        .set(admin())
        .send({ traineeId: trainee.id, cohortCode: 'NO-SUCH-COHORT' })
        .expect(422);
      expect(cohort.body.errors).toEqual([{ field: 'cohortCode', message: 'unknown cohort' }]);
      const nobody = await t
        .http()
        .post('/api/v1/enrollments')
        .set(admin())
        .send({ traineeId: '6f1c2d1e-8a2b-4c1d-9e0f-123456789abc', cohortCode: a.cohortCode })
        .expect(422);
      expect(fieldsOf(nobody.body)).toEqual(['traineeId']);
    });

    it('asks for a progress recompute of the program', async () => {
      const catalog = await createPartnerWithCohort(t);
      await enrolled(catalog);
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.progress));
      const jobs = await queue.getJobs(['delayed', 'waiting', 'active', 'completed', 'failed']);
      expect(jobs.map((j) => (j.data as { programId: string }).programId)).toContain(
        catalog.programId,
      );
    });
  });

  describe('status transitions (PATCH)', () => {
    it('moves enrolled → active → completed, and completion sets 100 % and today', async () => {
      const e = await enrolled();
      const active = await patch(e.id, { status: 'active', progressPct: 40 }).expect(200);
      expect(active.body).toMatchObject({ status: 'active', progressPct: 40, completedOn: null });
      const done = await patch(e.id, { status: 'completed' }).expect(200);
      expect(done.body).toMatchObject({
        status: 'completed',
        progressPct: 100,
        completedOn: today(),
      });
    });

    it('never drops a completed enrollment', async () => {
      const e = await enrolled(a, { status: 'completed', completedOn: '2026-05-01' });
      const res = await patch(e.id, { status: 'dropped' }).expect(422);
      expect(fieldsOf(res.body)).toEqual(['status']);
      const read = await t.http().get(`/api/v1/enrollments/${e.id}`).set(admin()).expect(200);
      expect(read.body.status).toBe('completed');
    });

    it('lets a coordinator reopen a completed enrollment, clearing its completion date', async () => {
      const coordinator = await createUser(t, 'coordinator', [a.partner.code]);
      const e = await enrolled(a, { status: 'completed', completedOn: '2026-05-01' });
      const res = await patch(e.id, { status: 'active' }, coordinator.token).expect(200);
      expect(res.body).toMatchObject({ status: 'active', completedOn: null });
    });

    it('drops an active enrollment and takes a dropped trainee back', async () => {
      const e = await enrolled(a, { status: 'active' });
      await patch(e.id, { status: 'dropped' }).expect(200);
      const back = await patch(e.id, { status: 'active' }).expect(200);
      expect(back.body.status).toBe('active');
    });

    it('refuses less than 100 % on a completed enrollment', async () => {
      const e = await enrolled(a, { status: 'completed' });
      await patch(e.id, { progressPct: 80 }).expect(422);
    });

    it('moves an enrollment to another cohort of its program, not to another program', async () => {
      const e = await enrolled();
      const sibling = await createCohort(t, { programCode: a.programCode });
      const moved = await patch(e.id, { cohortCode: sibling.code }).expect(200);
      expect(moved.body).toMatchObject({
        cohortCode: sibling.code,
        cohortId: sibling.id,
        programId: a.programId,
      });
      const otherProgram = await createProgram(t, { partnerCode: a.partner.code });
      const foreign = await createCohort(t, { programCode: otherProgram.code });
      const res = await patch(e.id, { cohortCode: foreign.code }).expect(422);
      expect(fieldsOf(res.body)).toEqual(['cohortCode']);
    });

    it('refuses fields that are not the enrollment’s to change', async () => {
      const e = await enrolled();
      await patch(e.id, { traineeId: e.traineeId }).expect(400);
      await patch(e.id, { programId: b.programId }).expect(400);
      await patch(e.id, { status: null }).expect(400);
    });
  });

  it('never deletes an enrollment: 409, set status to dropped instead', async () => {
    const e = await enrolled();
    const res = await t.http().delete(`/api/v1/enrollments/${e.id}`).set(admin()).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.detail).toMatch(/set status to dropped instead/);
    await t.http().get(`/api/v1/enrollments/${e.id}`).set(admin()).expect(200);
  });

  it('filters by trainee, cohort, program, partner, status and the trainee’s province', async () => {
    const c = await createPartnerWithCohort(t);
    const sibling = await createCohort(t, { programCode: c.programCode });
    const sindhi = await createTrainee(t, { province: 'Sindh' });
    const punjabi = await createTrainee(t, { province: 'PB' });
    const e1 = await createEnrollment(t, { traineeId: sindhi.id, cohortCode: c.cohortCode });
    const e2 = await createEnrollment(t, {
      traineeId: punjabi.id,
      cohortCode: sibling.code,
      status: 'active',
    });
    const ids = async (query: Record<string, string>) => {
      const res = await t.http().get('/api/v1/enrollments').query(query).set(admin()).expect(200);
      return (res.body.items as EnrollmentBody[]).map((x) => x.id);
    };
    expect(await ids({ programCode: c.programCode })).toEqual([e1.id, e2.id]);
    expect(await ids({ partnerCode: c.partner.code })).toEqual([e1.id, e2.id]);
    expect(await ids({ cohortCode: sibling.code })).toEqual([e2.id]);
    expect(await ids({ traineeId: sindhi.id })).toEqual([e1.id]);
    expect(await ids({ programCode: c.programCode, status: 'active' })).toEqual([e2.id]);
    expect(await ids({ programCode: c.programCode, province: 'sindh' })).toEqual([e1.id]);
    await t
      .http()
      .get('/api/v1/enrollments')
      .query({ status: 'finished' })
      .set(admin())
      .expect(400);
  });

  describe('who may read and write', () => {
    let ofA: EnrollmentBody;
    let ofB: EnrollmentBody;
    let trainee: TraineeBody;
    beforeAll(async () => {
      ofA = await enrolled(a);
      ofB = await enrolled(b);
      trainee = await createTrainee(t);
    });

    it("gives a partner its own enrollments and 404 for another partner's", async () => {
      await t
        .http()
        .get(`/api/v1/enrollments/${ofA.id}`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      await t
        .http()
        .get(`/api/v1/enrollments/${ofB.id}`)
        .set('X-API-Key', a.partner.apiKey)
        .expect(404);
      const list = await t
        .http()
        .get('/api/v1/enrollments')
        .query({ limit: 500 })
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      const partners = new Set((list.body.items as EnrollmentBody[]).map((x) => x.partnerCode));
      expect([...partners]).toEqual([a.partner.code]);
      expect((list.body.items as EnrollmentBody[]).map((x) => x.id)).toContain(ofA.id);
      const probe = await t
        .http()
        .get('/api/v1/enrollments')
        .query({ partnerCode: b.partner.code })
        .set('X-API-Key', a.partner.apiKey)
        .expect(200);
      expect(probe.body.items).toEqual([]);
    });

    it('refuses a partner writing enrollments (403)', async () => {
      const key = { 'X-API-Key': a.partner.apiKey };
      await t
        .http()
        .post('/api/v1/enrollments')
        .set(key)
        .send({ traineeId: trainee.id, cohortCode: a.cohortCode })
        .expect(403);
      await t
        .http()
        .patch(`/api/v1/enrollments/${ofA.id}`)
        .set(key)
        .send({ status: 'active' })
        .expect(403);
      await t.http().delete(`/api/v1/enrollments/${ofA.id}`).set(key).expect(403);
    });

    it('lets a coordinator write within its partners only; outside, the cohort is unknown', async () => {
      const coordinator = await createUser(t, 'coordinator', [a.partner.code]);
      const h = bearer(coordinator.token);
      // A scoped coordinator enrolls trainees it can see: here, one it has just created.
      const own = await createTrainee(t, {}, coordinator.token);
      const mine = await t
        .http()
        .post('/api/v1/enrollments')
        .set(h)
        .send({ traineeId: own.id, cohortCode: a.cohortCode })
        .expect(201);
      expect(mine.body.partnerCode).toBe(a.partner.code);
      const theirs = await t
        .http()
        .post('/api/v1/enrollments')
        .set(h)
        .send({ traineeId: trainee.id, cohortCode: b.cohortCode })
        .expect(422);
      expect(theirs.body.errors).toEqual([{ field: 'cohortCode', message: 'unknown cohort' }]);
      await t.http().get(`/api/v1/enrollments/${ofB.id}`).set(h).expect(404);
      await t
        .http()
        .patch(`/api/v1/enrollments/${ofB.id}`)
        .set(h)
        .send({ status: 'active' })
        .expect(404);
      await t
        .http()
        .patch(`/api/v1/enrollments/${ofA.id}`)
        .set(h)
        .send({ cohortCode: b.cohortCode })
        .expect(422);
    });

    it('lets an unscoped coordinator read and write every partner’s enrollments', async () => {
      const coordinator = await createUser(t, 'coordinator');
      await t
        .http()
        .get(`/api/v1/enrollments/${ofB.id}`)
        .set(bearer(coordinator.token))
        .expect(200);
      await patch(ofB.id, { progressPct: 10 }, coordinator.token).expect(200);
    });

    it('refuses the ministry on every enrollment route (403)', async () => {
      const ministry = await createUser(t, 'ministry');
      const h = bearer(ministry.token);
      await t.http().get('/api/v1/enrollments').set(h).expect(403);
      await t.http().get(`/api/v1/enrollments/${ofA.id}`).set(h).expect(403);
      await t
        .http()
        .post('/api/v1/enrollments')
        .set(h)
        .send({ traineeId: trainee.id, cohortCode: a.cohortCode })
        .expect(403);
      await patch(ofA.id, { status: 'active' }, ministry.token).expect(403);
      await t.http().delete(`/api/v1/enrollments/${ofA.id}`).set(h).expect(403);
    });

    it('refuses callers without credentials (401)', async () => {
      await t.http().get('/api/v1/enrollments').expect(401);
      await t.http().get(`/api/v1/enrollments/${ofA.id}`).expect(401);
      await t.http().post('/api/v1/enrollments').send({}).expect(401);
    });
  });
});
