import { isBlockedAddress, resolvesToBlocked, urlProblem } from './address-rules';

describe('webhook address rules', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.10',
    '169.254.169.254',
    '169.254.0.1',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    'not an address',
  ])('blocks %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
  ])('allows the public address %s', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it('in production: https only, no credentials, no internal names or literal private addresses', () => {
    expect(urlProblem('https://hooks.partner.example/sdt', true)).toBeNull();
    expect(urlProblem('http://hooks.partner.example/sdt', true)).toMatch(/https/);
    expect(urlProblem('https://user:pw@hooks.partner.example/', true)).toMatch(/credentials/);
    expect(urlProblem('https://localhost/x', true)).toMatch(/internal/);
    expect(urlProblem('https://metadata.google.internal/x', true)).toMatch(/internal/);
    expect(urlProblem('https://169.254.169.254/latest', true)).toMatch(/private/);
    expect(urlProblem('https://[::1]:8443/x', true)).toMatch(/private/);
    expect(urlProblem('https://10.0.0.5/x', true)).toMatch(/private/);
  });

  it('outside production: http and local receivers are fine, other schemes are not', () => {
    expect(urlProblem('http://127.0.0.1:4000/hook', false)).toBeNull();
    expect(urlProblem('ftp://example.org/', false)).toMatch(/http/);
    expect(urlProblem('not a url', false)).toMatch(/absolute/);
    expect(urlProblem('file:///etc/passwd', false)).toMatch(/http/);
  });

  it('at registration in production, a name resolving to loopback is refused', async () => {
    await expect(resolvesToBlocked('https://localhost:8443/x')).resolves.toMatch(
      /private|loopback/,
    );
    await expect(resolvesToBlocked('https://[::1]/x')).resolves.toMatch(/private/);
    await expect(resolvesToBlocked('https://8.8.8.8/x')).resolves.toBeNull();
  });
});
