// Reading a stored chunk's records is one unbroken string of microtasks (async iteration never
// waits for I/O between records), so the merge in flight could not read a statement's answer
// or send its next statement until the whole chunk was read. A yield to the event loop every
// few hundred records lets the two really overlap.

export class PeriodicYield {
  private calls = 0;

  constructor(private readonly every: number) {}

  /** Every `every`-th call: a promise that resolves once the event loop has run; else null. */
  tick(): Promise<void> | null {
    if (++this.calls < this.every) return null;
    this.calls = 0;
    return new Promise<void>((go) => setImmediate(go));
  }
}
