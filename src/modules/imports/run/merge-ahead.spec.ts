import { MergeAhead } from './merge-ahead';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('MergeAhead', () => {
  it('starts a merge without waiting for it, and the next one only after it', async () => {
    const ahead = new MergeAhead();
    const first = deferred();
    const started: number[] = [];
    await ahead.submit(() => (started.push(1), first.promise));
    expect(started).toEqual([1]);
    const second = ahead.submit(() => (started.push(2), Promise.resolve()));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1]);
    first.resolve();
    await second;
    expect(started).toEqual([1, 2]);
    await ahead.wait();
  });

  it("surfaces a merge's error at the next submit or wait, once", async () => {
    const ahead = new MergeAhead();
    const first = deferred();
    await ahead.submit(() => first.promise);
    first.reject(new Error('deadlock'));
    await expect(ahead.submit(() => Promise.resolve())).rejects.toThrow('deadlock');
    await expect(ahead.wait()).resolves.toBeUndefined();
  });

  it('settles after an error elsewhere, whatever the merge in flight does', async () => {
    const ahead = new MergeAhead();
    await ahead.submit(() => Promise.reject(new Error('lost connection')));
    await expect(ahead.settle()).resolves.toBeUndefined();
  });
});
