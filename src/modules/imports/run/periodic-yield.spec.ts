import { PeriodicYield } from './periodic-yield';

describe('PeriodicYield', () => {
  it('pauses on every n-th call only', () => {
    const y = new PeriodicYield(3);
    const paused = Array.from({ length: 7 }, () => y.tick() !== null);
    expect(paused).toEqual([false, false, true, false, false, true, false]);
  });

  it('lets callbacks waiting on the event loop run before it resumes', async () => {
    // What the merge in flight waits for (a socket's data) is handled in the event loop, not
    // in a microtask: it must have run when the pause ends.
    let ran = false;
    setImmediate(() => (ran = true));
    const pause = new PeriodicYield(1).tick();
    expect(ran).toBe(false);
    await pause;
    expect(ran).toBe(true);
  });
});
