// GET /trainees?q= (part of a name in any case and script, or the first digits of a CNIC) and
// the ?programCode= / ?cohortCode= filters, with the list's partner scoping: a partner or a
// scoped coordinator finds by name only trainees it may see, and a program filter never
// reveals that a trainee it shares is enrolled with another partner.
import { randomInt } from 'node:crypto';
import { createUser } from '../factories/actors';
import { createCohort } from '../factories/catalog';
import {
  createEnrollment,
  createPartnerWithCohort,
  createTrainee,
  dashedCnic,
  type PartnerCatalog,
  type TraineeBody,
} from '../factories/people';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

interface Page {
  items: { id: string; fullName: string; cnic: string }[];
  nextCursor: string | null;
}

/** Letters only, so the token is a name part no other trainee of the run carries. */
function token(): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  let out = 'Q';
  for (let i = 0; i < 7; i++) out += letters[randomInt(letters.length)];
  return out;
}

describe('trainee search (?q=) and program/cohort filters', () => {
  let t: TestApp;
  let a: PartnerCatalog;
  let b: PartnerCatalog;
  let otherCohortOfA: string;
  const tok = token();
  let onlyA: TraineeBody;
  let onlyB: TraineeBody;
  let shared: TraineeBody;
  let urdu: TraineeBody;
  let inSecondCohort: TraineeBody;

  beforeAll(async () => {
    t = await createTestApp({ withWorkers: false });
    a = await createPartnerWithCohort(t);
    b = await createPartnerWithCohort(t);
    otherCohortOfA = (await createCohort(t, { programCode: a.programCode })).code;
    onlyA = await createTrainee(t, { fullName: `Ayesha ${tok} Khan` });
    onlyB = await createTrainee(t, { fullName: `Bilal ${tok}`, gender: 'male' });
    shared = await createTrainee(t, { fullName: `Zainab ${tok}-Noor` });
    urdu = await createTrainee(t, { fullName: `علی رضا ${tok}`, gender: 'male' });
    inSecondCohort = await createTrainee(t, { fullName: `Sana ${tok}` });
    await createEnrollment(t, { traineeId: onlyA.id, cohortCode: a.cohortCode });
    await createEnrollment(t, { traineeId: onlyB.id, cohortCode: b.cohortCode });
    await createEnrollment(t, { traineeId: shared.id, cohortCode: a.cohortCode });
    await createEnrollment(t, { traineeId: shared.id, cohortCode: b.cohortCode });
    await createEnrollment(t, { traineeId: urdu.id, cohortCode: a.cohortCode });
    await createEnrollment(t, { traineeId: inSecondCohort.id, cohortCode: otherCohortOfA });
  });
  afterAll(() => t.close());

  const asAdmin = (query: string) =>
    t.http().get(`/api/v1/trainees?${query}`).set(bearer(t.adminToken));
  const asKey = (key: string, query: string) =>
    t.http().get(`/api/v1/trainees?${query}`).set('X-API-Key', key);
  const ids = (res: { body: unknown }) => (res.body as Page).items.map((i) => i.id).sort();
  const sorted = (...list: TraineeBody[]) => list.map((x) => x.id).sort();

  it('finds every trainee whose name holds the text, in any case', async () => {
    const res = await asAdmin(`q=${encodeURIComponent(tok.toLowerCase())}`).expect(200);
    expect(ids(res)).toEqual(sorted(onlyA, onlyB, shared, urdu, inSecondCohort));
    const upper = await asAdmin(`q=${encodeURIComponent(`AYESHA ${tok.toUpperCase()}`)}`);
    expect(ids(upper)).toEqual(sorted(onlyA));
  });

  it('finds any part of a name, Urdu included, with spaces as stored', async () => {
    const res = await asAdmin(`q=${encodeURIComponent(`  رضا   ${tok}`)}`).expect(200);
    expect(ids(res)).toEqual(sorted(urdu));
    const middle = await asAdmin(`q=${encodeURIComponent(`${tok.slice(2)}-No`)}`).expect(200);
    expect(ids(middle)).toEqual(sorted(shared));
  });

  it("takes the search's % and _ literally", async () => {
    const res = await asAdmin(`q=${encodeURIComponent(`${tok}%`)}`).expect(200);
    expect(ids(res)).toEqual([]);
    const underscore = await asAdmin(`q=${encodeURIComponent(`A_esha ${tok}`)}`).expect(200);
    expect(ids(underscore)).toEqual([]);
  });

  it('finds a trainee by the first digits of its CNIC, with or without dashes', async () => {
    const plain = await asAdmin(`q=${onlyA.cnic.slice(0, 9)}`).expect(200);
    expect(ids(plain)).toContain(onlyA.id);
    for (const item of (plain.body as Page).items) {
      expect(item.cnic.startsWith(onlyA.cnic.slice(0, 9))).toBe(true);
    }
    const dashed = await asAdmin(`q=${dashedCnic(onlyA.cnic).slice(0, 8)}`).expect(200);
    expect(ids(dashed)).toContain(onlyA.id);
    const whole = await asAdmin(`q=${onlyA.cnic}`).expect(200);
    expect(ids(whole)).toEqual([onlyA.id]);
  });

  it.each([
    ['two letters', 'Ay'],
    ['two digits', '35'],
    ['only spaces', '     '],
    ['14 digits', '35202123456712'],
    ['a bidirectional override', `Ali\u202E${tok}`],
  ])('refuses %s with a 400 problem naming q', async (_label, q) => {
    const res = await asAdmin(`q=${encodeURIComponent(q)}`).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['q']);
  });

  it('pages a search with the keyset cursor, each trainee once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `q=${tok}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await asAdmin(query).expect(200)).body as Page;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen.sort()).toEqual(sorted(onlyA, onlyB, shared, urdu, inSecondCohort));
  });

  it("a partner finds by name only its own trainees, a shared one included, never another's", async () => {
    expect(ids(await asKey(a.partner.apiKey, `q=${tok}`).expect(200))).toEqual(
      sorted(onlyA, shared, urdu, inSecondCohort),
    );
    expect(ids(await asKey(b.partner.apiKey, `q=${tok}`).expect(200))).toEqual(
      sorted(onlyB, shared),
    );
    // By CNIC prefix too: B's trainee is not found by A, even by its whole CNIC.
    expect(ids(await asKey(a.partner.apiKey, `q=${onlyB.cnic}`).expect(200))).toEqual([]);
  });

  it('a coordinator searches within its partners', async () => {
    const coordinator = await createUser(t, 'coordinator', [b.partner.code]);
    const res = await t
      .http()
      .get(`/api/v1/trainees?q=${tok}`)
      .set(bearer(coordinator.token))
      .expect(200);
    expect(ids(res)).toEqual(sorted(onlyB, shared));
  });

  it('filters by program and by cohort, combined with the search', async () => {
    expect(ids(await asAdmin(`programCode=${a.programCode}&q=${tok}`).expect(200))).toEqual(
      sorted(onlyA, shared, urdu, inSecondCohort),
    );
    expect(ids(await asAdmin(`cohortCode=${a.cohortCode}`).expect(200))).toEqual(
      sorted(onlyA, shared, urdu),
    );
    expect(ids(await asAdmin(`cohortCode=${otherCohortOfA}`).expect(200))).toEqual(
      sorted(inSecondCohort),
    );
    expect(
      ids(await asAdmin(`programCode=${b.programCode}&cohortCode=${a.cohortCode}`).expect(200)),
    ).toEqual([]);
  });

  it("a partner filtering by another partner's program or cohort learns nothing, not even of a shared trainee", async () => {
    expect(ids(await asKey(b.partner.apiKey, `programCode=${a.programCode}`).expect(200))).toEqual(
      [],
    );
    expect(ids(await asKey(b.partner.apiKey, `cohortCode=${a.cohortCode}`).expect(200))).toEqual(
      [],
    );
    expect(ids(await asKey(b.partner.apiKey, `programCode=${b.programCode}`).expect(200))).toEqual(
      sorted(onlyB, shared),
    );
  });

  it('refuses a malformed program or cohort code', async () => {
    await asAdmin('programCode=not%20a%20code').expect(400);
    await asAdmin('cohortCode=%3Cscript%3E').expect(400);
  });
});
