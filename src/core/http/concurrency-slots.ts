// Caps how many of one kind of long request (uploads, exports) this api process serves at once,
// per owner (a partner, a user) and in total, so one caller cannot tie up the process's disk,
// sockets and database connections. Counted per process: each api replica protects its own
// resources. A refused request is answered 429 with Retry-After before any work starts.
import { DomainError } from './domain-error';

export interface SlotLimits {
  perOwner: number;
  total: number;
}

/** How the 429 names what is capped: "At most 4 uploads per partner are received at once". */
export interface SlotWording {
  /** Plural noun: `uploads`. */
  what: string;
  /** Whose share is capped: `partner`. */
  owner: string;
  /** `are received`, `are prepared`. */
  served: string;
}

export class ConcurrencySlots {
  private readonly byOwner = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly limits: SlotLimits,
    private readonly wording: SlotWording,
  ) {}

  /** Takes a slot or throws 429; the returned release is idempotent. */
  acquire(owner: string): () => void {
    const { what, served } = this.wording;
    const mine = this.byOwner.get(owner) ?? 0;
    if (mine >= this.limits.perOwner) {
      throw new DomainError(
        'rate_limited',
        `At most ${this.limits.perOwner} ${what} per ${this.wording.owner} ${served} at once; wait for one to finish and retry`,
        undefined,
        5,
      );
    }
    if (this.total >= this.limits.total) {
      throw new DomainError(
        'rate_limited',
        `The server is busy with as many ${what} as it can take at once; retry shortly`,
        undefined,
        5,
      );
    }
    this.byOwner.set(owner, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byOwner.get(owner) ?? 1) - 1;
      if (left > 0) this.byOwner.set(owner, left);
      else this.byOwner.delete(owner);
    };
  }

  inUse(): number {
    return this.total;
  }
}
