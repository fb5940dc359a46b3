// Enrollment list items carry `trainee: {id, fullName}` for the callers who may see the
// trainee (API.md, Resources), so a cohort's roster shows names without one request per row.
import { createUser } from '../factories/actors';
import {
  createEnrollment,
  createPartnerWithCohort,
  createTrainee,
  type PartnerCatalog,
} from '../factories/people';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

interface Item {
  id: string;
  traineeId: string;
  partnerCode: string;
  trainee?: { id: string; fullName: string };
}

describe('enrollment list items name their trainee', () => {
  let t: TestApp;
  let a: PartnerCatalog;
  let b: PartnerCatalog;

  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
    a = await createPartnerWithCohort(t);
    b = await createPartnerWithCohort(t);
  });
  afterAll(() => t.close());

  it('for admins, coordinators within scope and partners, on every item', async () => {
    const ayesha = await createTrainee(t, { fullName: 'Ayesha Siddiqa Khan', province: 'SD' });
    const urdu = await createTrainee(t, { fullName: 'علی رضا', gender: 'male' });
    await createEnrollment(t, { traineeId: ayesha.id, cohortCode: a.cohortCode });
    await createEnrollment(t, { traineeId: urdu.id, cohortCode: a.cohortCode });
    await createEnrollment(t, { traineeId: ayesha.id, cohortCode: b.cohortCode });

    const expected = [
      { traineeId: ayesha.id, trainee: { id: ayesha.id, fullName: 'Ayesha Siddiqa Khan' } },
      { traineeId: urdu.id, trainee: { id: urdu.id, fullName: 'علی رضا' } },
    ];
    const asAdmin = await t
      .http()
      .get(`/api/v1/enrollments?cohortCode=${a.cohortCode}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect((asAdmin.body as { items: Item[] }).items).toEqual(
      expected.map((e) => expect.objectContaining(e)),
    );

    const coordinator = await createUser(t, 'coordinator', [a.partner.code]);
    const asCoordinator = await t
      .http()
      .get('/api/v1/enrollments')
      .set(bearer(coordinator.token))
      .expect(200);
    expect((asCoordinator.body as { items: Item[] }).items).toEqual(
      expected.map((e) => expect.objectContaining(e)),
    );

    // B reads only its own enrollment of the shared trainee, with the trainee's name.
    const asB = await t.http().get('/api/v1/enrollments').set('X-API-Key', b.partner.apiKey);
    const items = (asB.body as { items: Item[] }).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toEqual(
      expect.objectContaining({
        partnerCode: b.partner.code,
        trainee: { id: ayesha.id, fullName: 'Ayesha Siddiqa Khan' },
      }),
    );

    // The trainee's province filter still applies beside the name.
    const sindh = await t
      .http()
      .get(`/api/v1/enrollments?cohortCode=${a.cohortCode}&province=SD`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect((sindh.body as { items: Item[] }).items.map((i) => i.trainee?.id)).toEqual([ayesha.id]);
  });
});
