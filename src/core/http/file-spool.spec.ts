import { readdirSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { FileSpool } from './file-spool';

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('FileSpool', () => {
  it('hands the reader everything the producer writes, while it writes', async () => {
    const spool = await FileSpool.open('sdt-spec-', 5000);
    const reading = text(spool.source);
    spool.sink.write('first,');
    await spool.started();
    await tick();
    spool.sink.write('second,');
    spool.sink.end('last\n');
    expect(await reading).toBe('first,second,last\n');
    await spool.closed();
  });

  it('answers a producer that fails before its first byte from started()', async () => {
    const spool = await FileSpool.open('sdt-spec-', 5000);
    spool.sink.on('error', () => undefined); // the producer's pipeline listens in the app
    spool.sink.destroy(new Error('relation "x" does not exist'));
    await expect(spool.started()).rejects.toThrow('relation "x" does not exist');
    spool.source.destroy();
    await spool.closed();
  });

  it('fails the reader, after the bytes already written, when the producer fails later', async () => {
    const spool = await FileSpool.open('sdt-spec-', 5000);
    spool.sink.on('error', () => undefined); // the producer's pipeline listens in the app
    const got: string[] = [];
    spool.source.on('data', (c: Buffer) => got.push(c.toString()));
    const failed = new Promise<Error>((resolve) => spool.source.once('error', resolve));
    spool.sink.write('partial');
    await spool.started();
    await tick();
    spool.sink.destroy(new Error('connection lost'));
    expect((await failed).message).toBe('connection lost');
    expect(got.join('')).toBe('partial');
  });

  it('lets the producer run to its end after the reader is gone, storing nothing more', async () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    const spool = await FileSpool.open('sdt-spec-', 5000);
    spool.source.destroy();
    await tick();
    const big = Buffer.alloc(4 * 1024 * 1024, 'x');
    const finished = new Promise((resolve, reject) =>
      spool.sink.on('finish', resolve).on('error', reject),
    );
    for (let i = 0; i < 8; i++) spool.sink.write(big);
    spool.sink.end();
    await finished;
    await spool.closed();
    // Both handles are closed: the reader's and the writer's, whichever ended first.
    expect(openFiles()).toBe(before);
  });

  it('cuts off a reader that takes nothing for idleMs while data waits', async () => {
    const spool = await FileSpool.open('sdt-spec-', 100);
    spool.sink.write(Buffer.alloc(2 * 1024 * 1024, 'y'));
    const failed = new Promise<Error>((resolve) => spool.source.once('error', resolve));
    spool.source.read(0); // starts the reader; nobody consumes what it buffers
    expect((await failed).message).toMatch(/stopped reading/);
    spool.sink.end();
    await spool.closed();
  });

  it('cuts off a reader still reading maxMs after the spool opened, however steadily', async () => {
    // Read before opening: the deadline starts inside open(), and a busy machine may take a
    // while between it and the next line, so a later clock would see less than 400 ms.
    const opened = Date.now();
    const spool = await FileSpool.open('sdt-spec-', 100, 400);
    spool.sink.write(Buffer.alloc(2 * 1024 * 1024, 'y'));
    const failed = new Promise<Error>((resolve) => spool.source.once('error', resolve));
    // A chunk every 20 ms: never idle for 100 ms, and not done in 400 ms.
    let bytes = 0;
    const trickle = setInterval(() => {
      const chunk = spool.source.read(64 * 1024) as Buffer | null;
      bytes += chunk?.length ?? 0;
    }, 20);
    const error = await failed;
    clearInterval(trickle);
    expect(error.message).toMatch(/still being read after 400 ms/);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(390);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    spool.sink.end();
    await spool.closed();
  });

  it('leaves a reader that finishes within maxMs alone', async () => {
    const spool = await FileSpool.open('sdt-spec-', 100, 400);
    const reading = text(spool.source);
    spool.sink.end('all of it\n');
    expect(await reading).toBe('all of it\n');
    await spool.closed();
    await new Promise((r) => setTimeout(r, 450));
    expect(spool.source.errored).toBeNull();
  });
});
