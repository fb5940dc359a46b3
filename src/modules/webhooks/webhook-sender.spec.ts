// The connect-time address check, through the system resolver (localhost comes from the hosts
// file; no network needed).
import { guardedLookup, postWebhook } from './webhook-sender';

function resolve(strict: boolean, host: string): Promise<{ err: Error | null; address: string }> {
  return new Promise((done) => {
    guardedLookup(strict)(host, {}, (err, address) =>
      done({ err, address: typeof address === 'string' ? address : '' }),
    );
  });
}

describe('webhook sender', () => {
  it('strict: a name that resolves to loopback is refused when the connection is made', async () => {
    const { err } = await resolve(true, 'localhost');
    expect(err?.message).toMatch(/blocked address/);
  });

  it('not strict: the same name resolves', async () => {
    const { err, address } = await resolve(false, 'localhost');
    expect(err).toBeNull();
    expect(address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });

  it('strict: refuses http:// and a literal private address without connecting', async () => {
    const body = Buffer.from('{}');
    const plain = await postWebhook(
      'http://hooks.example.org/',
      body,
      {},
      { strict: true, timeoutMs: 100 },
    );
    expect(plain).toMatchObject({ statusCode: null, error: expect.stringMatching(/https/) });
    const metadata = await postWebhook(
      'https://169.254.169.254/',
      body,
      {},
      { strict: true, timeoutMs: 100 },
    );
    expect(metadata).toMatchObject({ statusCode: null, error: expect.stringMatching(/private/) });
  });

  it.each([
    'https://[::127.0.0.1]/',
    'https://[::ffff:0:127.0.0.1]/',
    'https://[2002:7f00:1::]/',
    'https://[64:ff9b::a9fe:a9fe]/',
    'https://[::ffff:7f00:1]/',
  ])(
    'strict: a literal address %s is refused at delivery, where no DNS lookup runs',
    async (url) => {
      const result = await postWebhook(
        url,
        Buffer.from('{}'),
        {},
        { strict: true, timeoutMs: 100 },
      );
      expect(result).toEqual({
        statusCode: null,
        durationMs: 0,
        error: expect.stringMatching(/private|loopback/),
      });
    },
  );
});
