// Caps how many uploads this api process receives at once, per partner and in total, so one
// API key cannot tie up the process's disk, sockets and upload workers. Counted per process:
// each api replica protects its own resources. A refused upload is answered 429 before any
// byte of its body is read.
import { DomainError } from '../../../core/http/domain-error';

export interface UploadSlotLimits {
  perPartner: number;
  total: number;
}

export class UploadSlots {
  private readonly byPartner = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: UploadSlotLimits) {}

  /** Takes a slot or throws 429; the returned release is idempotent. */
  acquire(partnerId: string): () => void {
    const mine = this.byPartner.get(partnerId) ?? 0;
    if (mine >= this.limits.perPartner) {
      throw new DomainError(
        'rate_limited',
        `At most ${this.limits.perPartner} uploads per partner are received at once; wait for one to finish and retry`,
        undefined,
        5,
      );
    }
    if (this.total >= this.limits.total) {
      throw new DomainError(
        'rate_limited',
        'The server is receiving as many uploads as it can; retry shortly',
        undefined,
        5,
      );
    }
    this.byPartner.set(partnerId, mine + 1);
    this.total++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byPartner.get(partnerId) ?? 1) - 1;
      if (left > 0) this.byPartner.set(partnerId, left);
      else this.byPartner.delete(partnerId);
    };
  }

  inUse(): number {
    return this.total;
  }
}
