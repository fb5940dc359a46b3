// The console keeps the device cookie (issue 15, item 5) in a real browser against the built
// api: a browser that signed in before still signs in while guessers have the account's login
// limit full, and a browser that never signed in is refused. Guessers come through a trusted
// proxy hop (TRUST_PROXY=1, their own forwarded addresses) so that only the per-account count
// is theirs; the browsers' requests carry no X-Forwarded-For (the TCP peer, 127.0.0.1).
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ConsoleApp } from '../helpers/console-app';

jest.setTimeout(180_000);

const LIMIT = 5;
const PASSWORD = 'console-device-passphrase';
const OWNER = `device-owner-${randomBytes(3).toString('hex')}@test.sdt.pk`;

const app = new ConsoleApp({
  password: PASSWORD,
  env: { LOGIN_RATE_LIMIT: String(LIMIT), LOGIN_RATE_WINDOW_SECONDS: '3571', TRUST_PROXY: '1' },
});

beforeAll(async () => {
  await app.start();
  await app.createUser(OWNER, 'ministry');
});
afterAll(() => app.stop('console-device-cookie'));

async function signOutInPlace(page: Page): Promise<void> {
  // The session lives in sessionStorage; the device cookie stays with the browser.
  await page.evaluate(() => sessionStorage.clear());
}

it('a browser that signed in before is not locked out by guessers; a new browser is', async () => {
  const usual = await app.openAs(OWNER);
  const cookies = await usual.context().cookies();
  const device = cookies.find((c) => c.name.startsWith('sdt_device_'));
  expect(device).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
  // Not readable by the page's scripts.
  expect(await usual.evaluate(() => document.cookie)).not.toContain('sdt_device_');
  await signOutInPlace(usual);

  // Guessers fill the account's failure count from addresses of their own.
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT + 2; i++) {
    const res = await fetch(`${app.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `203.0.113.${i + 1}` },
      body: JSON.stringify({ email: OWNER, password: `a-wrong-guess-${i}` }),
    });
    statuses.push(res.status);
  }
  expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 429]);

  // A browser that never signed in is refused, the right password notwithstanding.
  const stranger = await app.newPage();
  await app.submitSignIn(stranger, OWNER, PASSWORD);
  await stranger
    .getByText(/too many/i)
    .first()
    .waitFor();
  expect(new URL(stranger.url()).pathname).toBe('/signin');

  // The usual browser signs in as ever.
  await app.submitSignIn(usual, OWNER, PASSWORD);
  await usual.waitForURL((u) => !u.pathname.startsWith('/signin'));
  await app.checkScreen(usual, 'signed in with a device cookie while the account is under attack');
});
