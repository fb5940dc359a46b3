import { DomainError } from '../http/domain-error';
import type { Actor } from './actor';
import { byPartnerId, findVisibleOr404, foundOr404 } from './find-visible';

const admin: Actor = { kind: 'user', id: 'u', email: 'a@x', role: 'admin', partnerIds: [] };
const coordinator: Actor = { ...admin, role: 'coordinator', partnerIds: ['p1', 'p2'] };
const partner: Actor = {
  kind: 'partner',
  role: 'partner',
  partnerId: 'p1',
  partnerCode: 'P1',
  apiKeyId: 'k',
};
const row = { id: 'r', partnerId: 'p2' };

async function notFound(promise: Promise<unknown>, message: string): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect(err).toMatchObject({ code: 'not_found', message });
}

describe('findVisibleOr404', () => {
  it('hands the row to an actor that may see its partner', async () => {
    await expect(
      findVisibleOr404(admin, 'Cohort', Promise.resolve(row), byPartnerId),
    ).resolves.toBe(row);
    await expect(findVisibleOr404(coordinator, 'Cohort', row, byPartnerId)).resolves.toBe(row);
  });

  it("answers another partner's row exactly like a missing one", async () => {
    await notFound(findVisibleOr404(partner, 'Cohort', row, byPartnerId), 'Cohort not found');
    await notFound(findVisibleOr404(partner, 'Cohort', null, byPartnerId), 'Cohort not found');
  });

  it('takes a narrower list of partners (a filter) instead of an actor', async () => {
    await expect(findVisibleOr404(null, 'Program', row, byPartnerId)).resolves.toBe(row);
    await expect(findVisibleOr404(['p2'], 'Program', row, byPartnerId)).resolves.toBe(row);
    await notFound(findVisibleOr404(['p1'], 'Program', row, byPartnerId), 'Program not found');
  });

  it('reads the partner where the row keeps it', async () => {
    const p = { id: 'p2', code: 'P2' };
    await expect(findVisibleOr404(coordinator, 'Partner', p, (x) => x.id)).resolves.toBe(p);
    await notFound(
      findVisibleOr404(partner, 'Partner', p, (x) => x.id),
      'Partner not found',
    );
  });
});

describe('foundOr404', () => {
  it('passes a row through and turns null into the 404', async () => {
    await expect(foundOr404('Trainee', Promise.resolve(row))).resolves.toBe(row);
    await notFound(foundOr404('Trainee', Promise.resolve(null)), 'Trainee not found');
  });
});
