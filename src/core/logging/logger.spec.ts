import { Writable } from 'node:stream';
import pino from 'pino';
import type { Request } from 'express';
import { REDACTED_PATHS, scrubPersonalData } from './logger';
import { PinoNestLogger } from './pino-nest-logger';
import { requestContext } from './request-context';
import { requestId } from './request-logging.middleware';

function capture(): { logger: PinoNestLogger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  const root = pino(
    { level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    sink,
  );
  return {
    logger: new PinoNestLogger(root),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('scrubPersonalData', () => {
  it('masks CNICs in either form, emails and Pakistani mobile numbers', () => {
    const text =
      'dup 35202-1234567-1 and 3520212345671 for ali@example.pk, call 03001234567 or +923001234567';
    const out = scrubPersonalData(text);
    expect(out).toBe('dup [cnic] and [cnic] for [email], call [phone] or [phone]');
  });

  it('leaves ids, codes and counts alone', () => {
    const text = 'import 0b6f7c1e-1d2a-4c3b-9a8f-000000000001 HW-LHR-2026-01 rows=300000';
    expect(scrubPersonalData(text)).toBe(text);
  });
});

describe('PinoNestLogger', () => {
  it('writes Nest log calls as JSON with the context and scrubbed message', () => {
    const { logger, lines } = capture();
    logger.log('trainee 3520212345671 merged', 'Imports');
    logger.error('boom for a@b.pk', 'Error: x\n    at f (file.js:1:1)', 'Errors');
    const [info, error] = lines();
    expect(info).toMatchObject({ level: 30, context: 'Imports', msg: 'trainee [cnic] merged' });
    expect(error).toMatchObject({ level: 50, context: 'Errors', msg: 'boom for [email]' });
    expect(error.stack).toEqual(expect.stringContaining('at f'));
  });

  it('logs an Error passed as a parameter by name, scrubbed message and stack only', () => {
    const { logger, lines } = capture();
    const err = Object.assign(new Error('duplicate key (cnic)=(3520212345671)'), {
      detail: 'Key (cnic)=(3520212345671) already exists.',
    });
    logger.warn('merge failed', err, 'Imports');
    const [line] = lines();
    expect(line).toMatchObject({ context: 'Imports', msg: 'merge failed' });
    expect(line.err).toMatchObject({ name: 'Error', message: 'duplicate key (cnic)=([cnic])' });
    expect(JSON.stringify(line)).not.toContain('3520212345671');
  });

  it('writes an event object as top-level fields with its msg as the message, still redacted', () => {
    const { logger, lines } = capture();
    logger.log(
      {
        event: 'import.finished',
        importId: 'i-1',
        created: 3,
        failureReason: 'line 2: 35202-1234567-1 twice',
        msg: 'import i-1 finished',
        cnic: '3520212345671',
      },
      'Imports',
    );
    const [line] = lines();
    expect(line).toMatchObject({
      context: 'Imports',
      event: 'import.finished',
      importId: 'i-1',
      created: 3,
      msg: 'import i-1 finished',
      cnic: '[redacted]',
      failureReason: 'line 2: [cnic] twice',
    });
  });

  it('redacts personal and secret fields of logged objects', () => {
    const { logger, lines } = capture();
    logger.log({ cnic: '3520212345671', password: 'p', importId: 'i-1' }, 'Imports');
    const [line] = lines();
    expect(JSON.stringify(line)).not.toContain('3520212345671');
    expect(line.data).toMatchObject({
      cnic: '[redacted]',
      password: '[redacted]',
      importId: 'i-1',
    });
  });
});

describe('PinoNestLogger in a request', () => {
  it('adds the request id to every line logged while answering it, across awaits', async () => {
    const { logger, lines } = capture();
    await requestContext.run({ reqId: 'req-7' }, async () => {
      logger.log(
        { event: 'import.accepted', importId: 'i-1', msg: 'import i-1 accepted' },
        'Imports',
      );
      await new Promise((r) => setTimeout(r, 5));
      logger.warn('later, after an await', 'Imports');
    });
    logger.log('outside any request', 'Imports');
    expect(lines().map((l) => l.reqId)).toEqual(['req-7', 'req-7', undefined]);
  });

  it("keeps Nest's per-module start-up lines out of info", () => {
    const { logger, lines } = capture();
    logger.pino.level = 'info';
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Mapped {/api/v1/programs, GET} route', 'RouterExplorer');
    logger.log({ event: 'started', msg: 'listening on :3000' }, 'Api');
    expect(lines().map((l) => l.msg)).toEqual(['listening on :3000']);
  });
});

describe('requestId', () => {
  const req = (value?: string) => ({ headers: value ? { 'x-request-id': value } : {} }) as Request;

  it('keeps a sane incoming id and replaces anything else with a UUID', () => {
    expect(requestId(req('abc-123.def:9'))).toBe('abc-123.def:9');
    for (const bad of [undefined, 'has space', 'x'.repeat(200), '<script>']) {
      expect(requestId(req(bad))).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
