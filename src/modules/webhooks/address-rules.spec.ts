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

  // The same few addresses in every IPv6 spelling that leads to them (issue 15, item 4).
  it.each([
    ['IPv4-compatible loopback', '::127.0.0.1'],
    ['IPv4-compatible, hex', '::7f00:1'],
    ['IPv4-compatible metadata', '::169.254.169.254'],
    ['IPv4-compatible private', '::10.0.0.1'],
    ['IPv4-mapped loopback, hex', '::ffff:7f00:1'],
    ['IPv4-mapped, expanded', '0:0:0:0:0:ffff:7f00:0001'],
    ['IPv4-mapped private', '::ffff:192.168.0.1'],
    ['IPv4-translated loopback', '::ffff:0:127.0.0.1'],
    ['IPv4-translated metadata', '::ffff:0:a9fe:a9fe'],
    ['NAT64 loopback', '64:ff9b::127.0.0.1'],
    ['NAT64 private', '64:ff9b::10.1.2.3'],
    ['NAT64 local-use prefix', '64:ff9b:1::8.8.8.8'],
    ['6to4 of loopback', '2002:7f00:1::'],
    ['6to4 of metadata', '2002:a9fe:a9fe::1'],
    ['6to4 of a private address', '2002:c0a8:0101::1'],
    ['Teredo, private server', '2001:0:a00:1::1'],
    ['Teredo, loopback client', '2001:0:808:808:0:0:80ff:fffe'],
    ['unique local', 'fd12:3456::1'],
    ['deprecated site-local', 'fec0::1'],
    ['multicast', 'ff02::1'],
    ['discard', '100::1'],
    ['documentation', '2001:db8::1'],
    ['benchmarking', '2001:2::1'],
    ['IPv4 shared (CGNAT)', '100.100.100.100'],
    ['IPv4 broadcast', '255.255.255.255'],
    ['IPv4 reserved', '240.0.0.1'],
    ['IPv4 documentation', '203.0.113.9'],
    ['not a dotted quad', '127.1'],
  ])('blocks %s: %s', (_, address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    '64:ff9b::8.8.8.8',
    '2002:0808:0808::1',
    '2001:0:808:808:0:0:f7f7:f7f7',
    '2a00:1450:4001:80b::200e',
  ])('allows %s, which leads to a public address', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it.each([
    'https://[::127.0.0.1]/',
    'https://[::ffff:0:127.0.0.1]/',
    'https://[2002:7f00:1::]/',
    'https://[::ffff:7f00:1]/x',
    'https://[64:ff9b::169.254.169.254]/latest',
    'https://[2001:0:a00:1::1]/',
    'https://[fd00:ec2::254]/',
    'https://0x7f.1/',
    'https://2130706433/',
    'https://0177.0.0.1/',
    'https://127.1/',
  ])('in production the URL %s is refused', async (url) => {
    expect(urlProblem(url, true)).toMatch(/private|loopback/);
    await expect(resolvesToBlocked(url)).resolves.toMatch(/private/);
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
