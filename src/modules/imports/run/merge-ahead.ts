// The overlap of a run: while batch N merges on the session's connection, the runner reads and
// validates batch N+1, so Node's work on the file overlaps Postgres's on the merge. At most one
// merge is in flight (the session has one connection): the next waits for it.

export class MergeAhead {
  private inFlight: Promise<void> | null = null;

  /** Waits for the merge in flight (throwing its error), then starts this one without waiting. */
  async submit(merge: () => Promise<void>): Promise<void> {
    await this.wait();
    const started = merge();
    started.catch(() => undefined); // its error surfaces at the next wait()
    this.inFlight = started;
  }

  /** Waits for the merge in flight, if any; throws its error. */
  async wait(): Promise<void> {
    const inFlight = this.inFlight;
    this.inFlight = null;
    if (inFlight) await inFlight;
  }

  /** After an error elsewhere: lets the merge in flight end, whatever its outcome. */
  async settle(): Promise<void> {
    await this.wait().catch(() => undefined);
  }
}
