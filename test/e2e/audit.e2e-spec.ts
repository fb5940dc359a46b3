// The audit log: every kind of write through the API leaves one event, in the write's own
// transaction, naming the right actor (a user, a partner user or an API key); imports leave
// one event per milestone, never one per row; nothing personal is ever stored in it; admins
// read it with filters, keyset pages and CSV.
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { RosterImportJob } from '../../src/modules/imports/jobs/roster-import.job';
import { AuditRepository } from '../../src/modules/audit/audit.repository';
import { createPartner, createPartnerUser, createUser, uniqueCode } from '../factories/actors';
import { createCohort, createProgram } from '../factories/catalog';
import { createPartnerWithCohort, uniqueCnic, type PartnerCatalog } from '../factories/people';
import { newCnic, rosterCsv } from '../factories/rosters';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';
import { TEST_ADMIN } from '../setup/test-env';

interface AuditEvent {
  at: string;
  actor: { type: string; id: string | null; label: string | null };
  action: string;
  entity: string;
  entityId: string | null;
  changes: { field: string; old?: unknown; new?: unknown }[];
}

const PERSON = {
  fullName: 'Zainab Qureshi',
  email: 'zainab.audit@example.pk',
  phone: '03214567890',
  phoneE164: '+923214567890',
  dateOfBirth: '1999-12-31',
};
const NEW_PASSWORD = 'a-brand-new-audited-password';

describe('audit log', () => {
  let t: TestApp;
  let adminId: string;
  let cat: PartnerCatalog;
  const admin = () => bearer(t.adminToken);
  const cnics: string[] = [];

  beforeAll(async () => {
    // Small batches, so a cancel lands between two of them (see the imports tests below).
    t = await createTestApp({ env: { IMPORT_BATCH_SIZE: '200' } });
    adminId = (await t.http().get('/api/v1/auth/me').set(admin()).expect(200)).body.id;
    cat = await createPartnerWithCohort(t);
  });
  afterAll(() => t.close());

  /** Every event of one entity, oldest first. */
  async function eventsOf(entityId: string): Promise<AuditEvent[]> {
    const res = await t.http().get('/api/v1/audit?limit=500').set(admin()).expect(200);
    return (res.body.items as AuditEvent[]).filter((e) => e.entityId === entityId).reverse();
  }

  const byAdmin = { type: 'user', id: '', label: TEST_ADMIN.email };
  const adminActor = () => ({ ...byAdmin, id: adminId });

  it('records catalogue writes (partner, API key, program, cohort) with changed fields and values', async () => {
    const p = await createPartner(t);
    const partnerEvents = await eventsOf(p.id);
    expect(partnerEvents.map((e) => e.action)).toEqual(['created']);
    expect(partnerEvents[0]).toMatchObject({ entity: 'partner', actor: adminActor() });
    expect(partnerEvents[0].changes).toContainEqual({ field: 'code', new: p.code });

    await t
      .http()
      .patch(`/api/v1/partners/${p.code}`)
      .set(admin())
      .send({ name: 'Renamed' })
      .expect(200);
    expect((await eventsOf(p.id)).map((e) => [e.action, e.changes])).toEqual([
      ['created', expect.any(Array)],
      ['updated', [{ field: 'name', old: `Partner ${p.code}`, new: 'Renamed' }]],
    ]);

    const keys = await t.http().get(`/api/v1/partners/${p.code}/api-keys`).set(admin());
    const keyId = keys.body.items[0].id as string;
    await t.http().delete(`/api/v1/api-keys/${keyId}`).set(admin()).expect(204);
    await t.http().delete(`/api/v1/api-keys/${keyId}`).set(admin()).expect(204);
    expect((await eventsOf(keyId)).map((e) => [e.entity, e.action])).toEqual([
      ['apiKey', 'created'],
      ['apiKey', 'revoked'], // revoking twice changes nothing the second time: one event
    ]);

    const program = await createProgram(t, { partnerCode: p.code });
    const cohort = await createCohort(t, { programCode: program.code });
    await t
      .http()
      .patch(`/api/v1/cohorts/${cohort.id}`)
      .set(admin())
      .send({ capacity: 40, city: 'Lahore' })
      .expect(200);
    await t.http().delete(`/api/v1/cohorts/${cohort.id}`).set(admin()).expect(204);
    await t
      .http()
      .patch(`/api/v1/programs/${program.id}`)
      .set(admin())
      .send({ status: 'closed' })
      .expect(200);
    await t.http().delete(`/api/v1/programs/${program.id}`).set(admin()).expect(204);
    const cohortEvents = await eventsOf(cohort.id);
    expect(cohortEvents.map((e) => e.action)).toEqual(['created', 'updated', 'deleted']);
    expect(cohortEvents[1].changes).toEqual([
      { field: 'city', old: 'Islamabad', new: 'Lahore' },
      { field: 'capacity', old: 500, new: 40 },
    ]);
    const programEvents = await eventsOf(program.id);
    expect(programEvents.map((e) => e.action)).toEqual(['created', 'updated', 'deleted']);
    expect(programEvents[1].changes).toEqual([{ field: 'status', old: 'active', new: 'closed' }]);
    for (const e of [...cohortEvents, ...programEvents]) expect(e.actor).toEqual(adminActor());
  });

  it('records people writes (trainee, enrollment, certification) with a coordinator as actor, and no personal value', async () => {
    const coordinator = await createUser(t, 'coordinator', [cat.partner.code]);
    const h = bearer(coordinator.token);
    const cnic = uniqueCnic('female');
    cnics.push(cnic);
    const trainee = await t
      .http()
      .post('/api/v1/trainees')
      .set(h)
      .send({
        cnic,
        gender: 'female',
        fullName: PERSON.fullName,
        email: PERSON.email,
        phone: PERSON.phone,
        dateOfBirth: PERSON.dateOfBirth,
      })
      .expect(201);
    const enrollment = await t
      .http()
      .post('/api/v1/enrollments')
      .set(h)
      .send({ traineeId: trainee.body.id, cohortCode: cat.cohortCode, enrolledOn: '2026-02-01' })
      .expect(201);
    await t
      .http()
      .patch(`/api/v1/enrollments/${enrollment.body.id}`)
      .set(h)
      .send({ status: 'active', progressPct: 30 })
      .expect(200);
    await t
      .http()
      .patch(`/api/v1/trainees/${trainee.body.id}`)
      .set(h)
      .send({ phone: '03001112223', district: 'Multan' })
      .expect(200);
    const traineeEvents = await eventsOf(trainee.body.id);
    expect(traineeEvents.map((e) => e.action)).toEqual(['created', 'updated']);
    expect(traineeEvents[0].changes.map((c) => c.field)).toEqual(
      expect.arrayContaining(['cnic', 'fullName', 'email', 'phone', 'dateOfBirth']),
    );
    expect(traineeEvents[1].changes).toHaveLength(2);
    expect(traineeEvents[1].changes).toEqual(
      expect.arrayContaining([{ field: 'district' }, { field: 'phone' }]),
    );
    for (const e of traineeEvents) {
      expect(e.actor).toEqual({ type: 'user', id: coordinator.id, label: coordinator.email });
      for (const c of e.changes) expect(Object.keys(c)).toEqual(['field']);
    }

    const enrollmentEvents = await eventsOf(enrollment.body.id);
    expect(enrollmentEvents.map((e) => e.action)).toEqual(['created', 'updated']);
    expect(enrollmentEvents[1].changes).toEqual(
      expect.arrayContaining([
        { field: 'status', old: 'enrolled', new: 'active' },
        { field: 'progressPct', old: 0, new: 30 },
      ]),
    );

    const cert = await t
      .http()
      .post('/api/v1/certifications')
      .set(h)
      .send({
        traineeId: trainee.body.id,
        programCode: cat.programCode,
        name: 'HCIA-AI',
        certificateNumber: uniqueCode('C'),
        issuedOn: '2026-06-30',
      })
      .expect(201);
    await t
      .http()
      .patch(`/api/v1/certifications/${cert.body.id}`)
      .set(h)
      .send({ expiresOn: '2029-06-30' })
      .expect(200);
    await t.http().post(`/api/v1/certifications/${cert.body.id}/revoke`).set(h);
    const certEvents = await eventsOf(cert.body.id);
    expect(certEvents.map((e) => e.action).slice(0, 2)).toEqual(['created', 'updated']);
    expect(certEvents[1].changes).toEqual([{ field: 'expiresOn', old: null, new: '2029-06-30' }]);
  });

  it('records account writes: a user created, changed, reset, and its own password change', async () => {
    const u = await createUser(t, 'coordinator');
    await t
      .http()
      .patch(`/api/v1/users/${u.id}`)
      .set(admin())
      .send({ role: 'ministry', disabled: true })
      .expect(200);
    await t
      .http()
      .patch(`/api/v1/users/${u.id}`)
      .set(admin())
      .send({ disabled: false, password: NEW_PASSWORD })
      .expect(200);
    const fresh = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: u.email, password: NEW_PASSWORD })
      .expect(200);
    await t
      .http()
      .post('/api/v1/auth/password')
      .set(bearer(fresh.body.accessToken))
      .send({ currentPassword: NEW_PASSWORD, newPassword: `${NEW_PASSWORD}-2` })
      .expect(204);
    const events = await eventsOf(u.id);
    expect(events.map((e) => [e.action, e.changes])).toEqual([
      [
        'created',
        [
          { field: 'email' },
          { field: 'password' },
          { field: 'role', new: 'coordinator' },
          { field: 'partnerCodes', new: [] },
        ],
      ],
      [
        'updated',
        [
          { field: 'role', old: 'coordinator', new: 'ministry' },
          { field: 'disabled', old: false, new: true },
        ],
      ],
      ['updated', [{ field: 'disabled', old: true, new: false }, { field: 'password' }]],
      ['password_changed', [{ field: 'password' }]],
    ]);
    expect(events[3].actor).toEqual({ type: 'user', id: u.id, label: u.email });
    expect(events[0].actor).toEqual(adminActor());
  });

  describe('imports', () => {
    const roster = (n: number) =>
      rosterCsv(
        Array.from({ length: n }, (_, i) => ({
          cnic: newCnic('female'),
          full_name: `Amna ${String.fromCharCode(65 + (i % 26))}. Bibi`,
          gender: 'female',
          cohort_code: cat.cohortCode,
          email: `roster${i}@example.pk`,
          phone: '03001234567',
        })),
      );

    async function finish(h: Record<string, string>, id: string) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const res = await t.http().get(`/api/v1/imports/${id}`).set(h).expect(200);
        if (['completed', 'failed', 'cancelled'].includes(res.body.status)) return res.body;
        if (Date.now() > deadline) throw new Error('import never finished');
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    it('one event when accepted and one when finished, with counts, whatever the rows; the key is the actor', async () => {
      const key = { 'X-API-Key': cat.partner.apiKey };
      const up = await t
        .http()
        .post('/api/v1/imports')
        .set(key)
        .set('Content-Type', 'text/csv')
        .send(Buffer.from(roster(25)));
      expect(up.status).toBe(202);
      await finish(key, up.body.id);
      const events = await eventsOf(up.body.id);
      expect(events.map((e) => e.action)).toEqual(['accepted', 'finished']);
      for (const e of events) {
        expect(e.actor).toEqual({
          type: 'apiKey',
          id: expect.any(String),
          label: `${cat.partner.code} API key`,
        });
      }
      expect(events[1].changes).toEqual(
        expect.arrayContaining([
          { field: 'status', old: 'processing', new: 'completed' },
          { field: 'created', new: 25 },
          { field: 'rejected', new: 0 },
        ]),
      );
      // No row of the roster became an event of its own.
      const res = await t.http().get('/api/v1/audit?entity=enrollment&limit=500').set(admin());
      const sinceUpload = (res.body.items as AuditEvent[]).filter(
        (e) => e.at >= events[0].at && e.actor.type === 'apiKey',
      );
      expect(sinceUpload).toEqual([]);
    });

    it('a partner user uploading is the actor; a cancel is recorded by who cancelled', async () => {
      const pu = await createPartnerUser(t, cat.partner.code);
      const worker = t.app.get(RosterImportJob).worker;
      // Held back so the cancel lands before the import ends.
      await worker.pause(true);
      let importId: string;
      try {
        const up = await t
          .http()
          .post('/api/v1/imports')
          .set(bearer(pu.token))
          .set('Content-Type', 'text/csv')
          .send(Buffer.from(roster(3000)))
          .expect(202);
        importId = up.body.id;
        await t.http().post(`/api/v1/imports/${importId}/cancel`).set(admin()).expect(200);
      } finally {
        void worker.resume();
      }
      const done = await finish(admin(), importId);
      expect(done.status).toBe('cancelled');
      const events = await eventsOf(importId);
      expect(events.map((e) => [e.action, e.actor.id])).toEqual([
        ['accepted', pu.id],
        ['cancelled', adminId],
        ['finished', pu.id],
      ]);
      expect(events[2].changes[0]).toEqual({
        field: 'status',
        old: expect.stringMatching(/^(queued|processing)$/),
        new: 'cancelled',
      });
    });

    it('a cancel that ends a queued import at once is logged before the end it causes', async () => {
      // No consumer in this app, and its own queue keys (the suite's workers cannot take the
      // job): the import stays queued, so the cancel itself ends it.
      const idle = await createTestApp({
        withWorkers: false,
        env: { REDIS_PREFIX: `${process.env.REDIS_PREFIX}_idle` },
      });
      try {
        const up = await idle
          .http()
          .post('/api/v1/imports')
          .set('X-API-Key', cat.partner.apiKey)
          .set('Content-Type', 'text/csv')
          .send(Buffer.from(roster(3)))
          .expect(202);
        const cancelled = await idle
          .http()
          .post(`/api/v1/imports/${up.body.id}/cancel`)
          .set(bearer(idle.adminToken))
          .expect(200);
        expect(cancelled.body.status).toBe('cancelled');
        const events = await eventsOf(up.body.id);
        expect(events.map((e) => e.action)).toEqual(['accepted', 'cancelled', 'finished']);
        expect(events[2].changes[0]).toEqual({ field: 'status', old: 'queued', new: 'cancelled' });
      } finally {
        await idle.close();
      }
    });
  });

  describe('a write that fails leaves no event', () => {
    it('parallel creations of one cohort code: one 201, and exactly one event', async () => {
      const code = uniqueCode('CH');
      const body = {
        code,
        programCode: cat.programCode,
        name: 'Raced cohort',
        track: 'AI',
      };
      const results = await Promise.all(
        Array.from({ length: 6 }, () => t.http().post('/api/v1/cohorts').set(admin()).send(body)),
      );
      const created = results.filter((r) => r.status === 201);
      expect(created).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(5);
      const res = await t.http().get('/api/v1/audit?entity=cohort&limit=500').set(admin());
      const forCode = (res.body.items as AuditEvent[]).filter((e) =>
        e.changes.some((c) => c.field === 'code' && c.new === code),
      );
      expect(forCode.map((e) => e.entityId)).toEqual([created[0].body.id]);
    });

    it('an error inside the write’s transaction rolls its event back with it', async () => {
      const audit = t.app.get(AuditRepository);
      const ds = t.app.get(DataSource);
      const code = uniqueCode('P');
      await expect(
        audit.write({ actor: null, action: 'created', entity: 'partner' }, async (em) => {
          await em.query(`INSERT INTO partners (code, name, kind) VALUES ($1, 'x', 'donor')`, [
            code,
          ]);
          throw new Error('the write fails after its first statement');
        }),
      ).rejects.toThrow('the write fails');
      const left: unknown[] = await ds.query(`SELECT 1 FROM partners WHERE code = $1`, [code]);
      expect(left).toEqual([]);
      const events: { n: number }[] = await ds.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE actor_type = 'system' AND entity = 'partner'`,
      );
      expect(events[0].n).toBe(0);
    });

    it('a refused change (last admin, wrong password) records nothing', async () => {
      const before = await t.http().get('/api/v1/audit?entity=user&limit=500').set(admin());
      const u = await createUser(t, 'ministry');
      await t
        .http()
        .post('/api/v1/auth/password')
        .set(bearer(u.token))
        .send({ currentPassword: 'not-the-password', newPassword: 'whatever-long-password' })
        .expect(422);
      const after = await t.http().get('/api/v1/audit?entity=user&limit=500').set(admin());
      const fresh = (after.body.items as AuditEvent[]).slice(
        0,
        after.body.items.length - before.body.items.length,
      );
      expect(fresh.map((e) => [e.entityId, e.action])).toEqual([[u.id, 'created']]);
    });
  });

  describe('GET /audit', () => {
    it('filters by entity, action, actor and time, newest first, in keyset pages', async () => {
      const coordinator = await createUser(t, 'coordinator');
      const started = new Date().toISOString();
      for (let i = 0; i < 5; i++) {
        await createProgram(t, { partnerCode: cat.partner.code }, coordinator.token);
      }
      const seen: AuditEvent[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t
          .http()
          .get('/api/v1/audit')
          .query({
            actor: coordinator.id,
            entity: 'program',
            action: 'created',
            from: started,
            limit: 2,
            ...(cursor ? { cursor } : {}),
          })
          .set(admin())
          .expect(200);
        seen.push(...(res.body.items as AuditEvent[]));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect(new Set(seen.map((e) => e.entityId)).size).toBe(5);
      const times = seen.map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);
      const none = await t
        .http()
        .get('/api/v1/audit')
        .query({ actor: coordinator.id, to: started })
        .set(admin())
        .expect(200);
      expect(none.body.items.filter((e: AuditEvent) => e.entity === 'program')).toEqual([]);
    });

    it('serves CSV with formula-safe cells', async () => {
      const p = await createPartner(t, { name: '=HYPERLINK("http://evil")' });
      const res = await t
        .http()
        .get('/api/v1/audit')
        .query({ entity: 'partner', action: 'created', format: 'csv' })
        .set(admin())
        .expect(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      const lines = res.text.trim().split('\r\n');
      expect(lines[0]).toBe('at,actor_type,actor_id,actor_label,action,entity,entity_id,changes');
      const line = lines.find((l) => l.includes(p.id)) as string;
      expect(line).toBeDefined();
      expect(line).not.toMatch(/,=|,"=/);
    });

    it.each([
      ['entity=nothing', 'entity'],
      ['actor=not-an-id', 'actor'],
      ['from=yesterday', 'from'],
      ['format=xml', 'format'],
      ['limit=0', 'limit'],
    ])('refuses %s (400)', async (query, field) => {
      const res = await t.http().get(`/api/v1/audit?${query}`).set(admin()).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('is for admins only (403 for every other role, 401 without credentials)', async () => {
      const callers = [
        bearer((await createUser(t, 'coordinator')).token),
        bearer((await createUser(t, 'ministry')).token),
        bearer((await createPartnerUser(t, cat.partner.code)).token),
        { 'X-API-Key': cat.partner.apiKey },
      ];
      for (const h of callers) {
        await t.http().get('/api/v1/audit').set(h).expect(403);
        await t.http().get('/api/v1/audit?format=csv').set(h).expect(403);
      }
      await t.http().get('/api/v1/audit').expect(401);
    });
  });

  it('holds no CNIC, phone, email, date of birth or password anywhere (a scan of the whole table)', async () => {
    const ds = t.app.get(DataSource);
    const rows: { changes: string }[] = await ds.query(
      `SELECT changes::text AS changes FROM audit_events`,
    );
    expect(rows.length).toBeGreaterThan(20);
    const text = rows.map((r) => r.changes).join('\n');
    // Shapes: any 13-digit number (CNIC), any Pakistani mobile in E.164 or local form, any email.
    expect(text).not.toMatch(/\d{13}/);
    expect(text).not.toMatch(/\+92\d{10}|03\d{9}/);
    expect(text).not.toMatch(/[^\s"@]+@[^\s"@]+\.[a-z]{2,}/i);
    // Values this suite wrote.
    for (const value of [
      ...cnics,
      PERSON.email,
      PERSON.phoneE164,
      PERSON.dateOfBirth,
      PERSON.fullName,
      NEW_PASSWORD,
      TEST_ADMIN.password,
      'a-long-test-password',
    ]) {
      expect({ value, found: text.includes(value) }).toEqual({ value, found: false });
    }
  });
});
