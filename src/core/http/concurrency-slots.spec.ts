import { ConcurrencySlots, type SlotLimits } from './concurrency-slots';
import { DomainError } from './domain-error';

const slotsOf = (limits: SlotLimits) =>
  new ConcurrencySlots(limits, { what: 'uploads', owner: 'partner', served: 'are received' });

describe('ConcurrencySlots', () => {
  it('refuses a partner past its cap with a 429 carrying Retry-After, others still pass', () => {
    const slots = slotsOf({ perOwner: 2, total: 10 });
    slots.acquire('a');
    slots.acquire('a');
    let refused: unknown;
    try {
      slots.acquire('a');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('rate_limited');
    expect((refused as DomainError).retryAfter).toBeGreaterThan(0);
    expect((refused as DomainError).message).toBe(
      'At most 2 uploads per partner are received at once; wait for one to finish and retry',
    );
    expect(() => slots.acquire('b')).not.toThrow();
  });

  it('caps the total across partners', () => {
    const slots = slotsOf({ perOwner: 5, total: 2 });
    slots.acquire('a');
    slots.acquire('b');
    expect(() => slots.acquire('c')).toThrow(DomainError);
  });

  it('gives a slot back once, however often release is called', () => {
    const slots = slotsOf({ perOwner: 1, total: 1 });
    const release = slots.acquire('a');
    release();
    release();
    expect(slots.inUse()).toBe(0);
    slots.acquire('a');
    expect(() => slots.acquire('b')).toThrow(DomainError);
  });
});
