// The oracle: a randomised multi-partner data set goes in, and every figure of every groupBy
// (with and without filters), of the national report and of every time series must equal
// what report-truth.ts computes from the generated rows alone. Two seeds.
import { createUser } from '../factories/actors';
import {
  createCatalog,
  type Dataset,
  generateDataset,
  type LoadedCatalog,
  loadThroughImports,
} from '../factories/report-data';
import {
  type FinalState,
  finalState,
  truthNational,
  truthTargets,
  truthTimeseries,
  type TruthQuery,
} from '../factories/report-truth';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';
import { ProgressService } from '../../src/modules/progress/progress.service';

const GROUP_BYS = ['program', 'partner', 'province', 'gender', 'track', 'cohort', 'month'] as const;

/** Retries an assertion until it passes (the worker recomputes within seconds) or times out. */
async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

interface NationalBody {
  asOf: string | null;
  unique: Record<string, number>;
  sumOverPartners: Record<string, number>;
  sharedTrainees: number;
}

describe.each([[20260611], [4242]])('report oracle (seed %i)', (seed) => {
  let t: TestApp;
  let data: Dataset;
  let catalog: LoadedCatalog;
  let truth: FinalState;
  let coordinator: string;
  let ministry: string;
  let partnerCodes: string[];
  let lastImportAt: Map<string, string | null>;
  let nationalBefore: NationalBody;
  let loadStartedAt: number;

  const get = async (token: string, path: string, query: Record<string, string>) => {
    const res = await t.http().get(path).query(query).set(bearer(token));
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };

  const expectTargets = async (token: string, q: Omit<TruthQuery, 'today'>) => {
    const query: Record<string, string> = { groupBy: q.groupBy };
    if (q.partner) query.partner = q.partner;
    if (q.program) query.program = q.program;
    if (q.province) query.province = q.province;
    const body = await get(token, '/api/v1/reports/targets', query);
    const expected = truthTargets(truth, { ...q, today: data.today, lastImportAt });
    expect({ query, rows: body.rows }).toEqual({ query, rows: expected });
    expect(body.groupBy).toBe(q.groupBy);
  };

  beforeAll(async () => {
    t = await createTestApp();
    // Figures for whatever earlier suites left in this run's database, so that the national
    // report's change can be attributed to this data set alone.
    await t.app.get(ProgressService).recomputeAll();
    ministry = (await createUser(t, 'ministry')).token;
    nationalBefore = (await get(
      ministry,
      '/api/v1/reports/national',
      {},
    )) as unknown as NationalBody;

    data = generateDataset(seed);
    partnerCodes = data.partners.map((p) => p.code);
    catalog = await createCatalog(t, data);
    coordinator = (await createUser(t, 'coordinator', partnerCodes)).token;
    loadStartedAt = Date.now();
    lastImportAt = await loadThroughImports(t, data, catalog);
    truth = finalState(data);
  }, 240_000);
  afterAll(() => t.close());

  it('loads a data set with every case the reports must handle', () => {
    const perPartner = new Map<string, Set<string>>();
    for (const e of truth.enrollments) {
      perPartner.set(e.cnic, (perPartner.get(e.cnic) ?? new Set()).add(e.partnerCode));
    }
    const inTwoProgramsOfOnePartner = truth.enrollments.filter((e) =>
      truth.enrollments.some(
        (x) =>
          x.cnic === e.cnic && x.partnerCode === e.partnerCode && x.programCode !== e.programCode,
      ),
    );
    expect([...perPartner.values()].some((s) => s.size > 1)).toBe(true);
    expect(inTwoProgramsOfOnePartner.length).toBeGreaterThan(0);
    expect(truth.certificates.some((c) => c.revoked)).toBe(true);
    expect(data.trainees.some((x) => x.province === null)).toBe(true);
    expect(new Set(truth.enrollments.map((e) => e.status)).size).toBe(4);
    const moved = data.phases[1].filter((row) =>
      data.phases[0].some(
        (r) =>
          r.cnic === row.cnic &&
          r.programCode === row.programCode &&
          r.cohortCode !== row.cohortCode,
      ),
    );
    expect(moved.length).toBeGreaterThan(0);
  });

  it('every groupBy, for a coordinator of the data set’s partners, equals the truth', async () => {
    // The worker recomputes after the imports; wait for it to settle once.
    await eventually(() => expectTargets(coordinator, { groupBy: 'program', scope: partnerCodes }));
    for (const groupBy of GROUP_BYS) {
      await expectTargets(coordinator, { groupBy, scope: partnerCodes });
    }
    const body = await get(coordinator, '/api/v1/reports/targets', {});
    expect(typeof body.asOf).toBe('string');
    expect(Date.parse(body.asOf as string)).toBeGreaterThanOrEqual(loadStartedAt - 1000);
  });

  it('every groupBy under partner, program and province filters equals the truth', async () => {
    await eventually(() => expectTargets(coordinator, { groupBy: 'program', scope: partnerCodes }));
    const [pa, pb] = partnerCodes;
    const filters: Partial<TruthQuery>[] = [
      { partner: pa },
      { partner: pb },
      { program: data.programs[0].code },
      { program: data.programs[1].code },
      { province: 'PB' },
      { province: 'unknown' },
      { partner: pa, province: 'SD' },
    ];
    for (const filter of filters) {
      for (const groupBy of GROUP_BYS) {
        await expectTargets(coordinator, { groupBy, scope: partnerCodes, ...filter });
      }
    }
  });

  it('the ministry sees the same rows (partner rows with lastImportAt), and a partner its own', async () => {
    await eventually(() => expectTargets(coordinator, { groupBy: 'program', scope: partnerCodes }));
    const body = await get(ministry, '/api/v1/reports/targets', { groupBy: 'partner' });
    const ours = (body.rows as { key: string }[]).filter((r) => partnerCodes.includes(r.key));
    expect(ours).toEqual(
      truthTargets(truth, {
        groupBy: 'partner',
        scope: partnerCodes,
        today: data.today,
        lastImportAt,
      }),
    );
    for (const groupBy of GROUP_BYS) {
      await expectTargets(ministry, { groupBy, scope: null, partner: partnerCodes[0] });
    }
    const partnerA = catalog.partners.get(partnerCodes[0]);
    if (!partnerA) throw new Error('no partner A');
    for (const groupBy of GROUP_BYS) {
      const res = await t
        .http()
        .get('/api/v1/reports/targets')
        .query({ groupBy })
        .set('X-API-Key', partnerA.apiKey)
        .expect(200);
      expect(res.body.rows).toEqual(
        truthTargets(truth, { groupBy, scope: [partnerCodes[0]], today: data.today, lastImportAt }),
      );
    }
  });

  it('national: unique trainees, per-partner sums and shared trainees equal the truth', async () => {
    await eventually(async () => {
      const scoped = (await get(
        coordinator,
        '/api/v1/reports/national',
        {},
      )) as unknown as NationalBody;
      const { asOf: _asOf, ...figures } = scoped;
      expect(figures).toEqual(truthNational(truth, partnerCodes));
    });
    const expected = truthNational(truth, null);
    await eventually(async () => {
      const after = (await get(
        ministry,
        '/api/v1/reports/national',
        {},
      )) as unknown as NationalBody;
      const delta = (a: Record<string, number>, b: Record<string, number>) =>
        Object.fromEntries(Object.keys(a).map((k) => [k, a[k] - b[k]]));
      expect({
        unique: delta(after.unique, nationalBefore.unique),
        sumOverPartners: delta(after.sumOverPartners, nationalBefore.sumOverPartners),
        sharedTrainees: after.sharedTrainees - nationalBefore.sharedTrainees,
      }).toEqual(expected);
    });
    // The data set has trainees with two partners: unique counts are below the sums.
    expect(expected.sharedTrainees).toBeGreaterThan(0);
    expect(expected.unique.enrolled).toBeLessThan(expected.sumOverPartners.enrolled);
  });

  it('timeseries: every program and metric, day by day, equals the truth', async () => {
    await eventually(() => expectTargets(coordinator, { groupBy: 'program', scope: partnerCodes }));
    for (const program of data.programs) {
      for (const metric of ['enrolled', 'completed', 'certified'] as const) {
        const body = await get(ministry, '/api/v1/reports/timeseries', {
          program: program.code,
          metric,
        });
        expect(body).toEqual(truthTimeseries(truth, program.code, metric, data.today));
      }
    }
  });
});
