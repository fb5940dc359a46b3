// The built api and worker as child processes (this run's database and Redis prefix) with a
// Debian chromium driving the console against them: what every console browser spec sets up.
// Each screen a spec checks gets axe and a screenshot (test-results/console/); console errors
// of every page are collected.
import { clearOfRateWindowEdge } from './rate-window';
import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { TEST_ADMIN } from '../setup/test-env';
import { checkBuiltAnswer, contractFetch } from './contract';
import {
  type AxeFinding,
  axeScreen,
  collectConsoleErrors,
  launchBrowser,
  screenshot,
} from './browser';
import {
  API_ENTRY,
  ensureBuilt,
  ensureWebBuilt,
  freePort,
  start,
  waitForReady,
  WORKER,
} from './processes';

export type Json = Record<string, unknown>;

export class ConsoleApp {
  base = '';
  adminToken = '';
  readonly consoleErrors: string[] = [];
  readonly axeFindings: AxeFinding[] = [];
  readonly screens: string[] = [];
  private browser: Browser | undefined;
  private readonly children: ChildProcess[] = [];
  /** The browser's api answers being checked against the OpenAPI document. */
  private readonly pendingChecks: Promise<void>[] = [];

  /** `password`: the one the spec gives its users; `env`: extra settings for api and worker. */
  constructor(private readonly options: { password: string; env?: NodeJS.ProcessEnv }) {}

  private childEnv(port: number): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: process.env.REDIS_URL,
      REDIS_PREFIX: process.env.REDIS_PREFIX,
      JWT_SECRET: 'console-browser-test-secret',
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      LOGIN_RATE_LIMIT: '100000',
      VERIFY_RATE_LIMIT: '100000',
      WORKERS_IN_API: 'false',
      // Workers serve health and metrics on a port of their own: any free one here.
      WORKER_HTTP_PORT: '0',
      LOG_LEVEL: 'warn',
      ...this.options.env,
    };
  }

  async start(): Promise<void> {
    await clearOfRateWindowEdge(this.options.env);
    ensureBuilt();
    ensureWebBuilt();
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    const api = start(this.childEnv(port), API_ENTRY);
    const worker = start(this.childEnv(0), WORKER);
    this.children.push(api.child, worker.child);
    await waitForReady(`${this.base}/health/ready`, api.child);
    this.adminToken = await this.login(TEST_ADMIN.email, TEST_ADMIN.password);
    this.browser = await launchBrowser();
  }

  /** Stops everything and prints every screen's axe findings, whatever their impact. */
  async stop(name: string): Promise<void> {
    await this.settleChecks();
    await this.browser?.close();
    for (const child of this.children) child.kill('SIGTERM');
    const summary = this.axeFindings.map((f) => `${f.screen}: ${f.id} (${f.impact}, ${f.nodes})`);
    process.stdout.write(
      `${name} axe: ${this.screens.length} screens, ${this.axeFindings.length} findings${summary.length ? `\n  ${summary.join('\n  ')}` : ''}\n`,
    );
  }

  /** An API call as the admin (or `token`); a non-2xx answer throws with its body. */
  async call(method: string, path: string, body?: unknown, token = this.adminToken) {
    const res = await this.send(method, path, body, token);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Json;
  }

  /** The raw answer, for a test that looks at the status itself. */
  send(method: string, path: string, body?: unknown, token = this.adminToken) {
    return contractFetch(`${this.base}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  /** A partner with one active program (2026–2027, tracks AI and Cloud) and a cohort in Lahore. */
  async createCatalog(c: {
    partner: string;
    partnerName: string;
    program: string;
    programName: string;
    cohort: string;
  }): Promise<void> {
    await this.call('POST', '/partners', {
      code: c.partner,
      name: c.partnerName,
      kind: 'industry',
    });
    await this.call('POST', '/programs', {
      code: c.program,
      name: c.programName,
      partnerCode: c.partner,
      targetTrainees: 1000,
      tracks: ['AI', 'Cloud'],
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
      status: 'active',
    });
    await this.call('POST', '/cohorts', {
      code: c.cohort,
      programCode: c.program,
      name: 'Lahore AI 1',
      track: 'AI',
      city: 'Lahore',
      province: 'PB',
      mode: 'onsite',
    });
  }

  /** A user of `role` holding `partnerCodes`, with the spec's password. */
  async createUser(email: string, role: string, partnerCodes: string[] = []): Promise<Json> {
    return this.call('POST', '/users', {
      email,
      password: this.options.password,
      role,
      partnerCodes,
    });
  }

  async login(email: string, password: string): Promise<string> {
    const res = await contractFetch(`${this.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  /** Waits for the checks of the answers received so far (a failing one fails the test). */
  async settleChecks(): Promise<void> {
    await Promise.all(this.pendingChecks.splice(0));
  }

  /** A page whose console errors are collected, signed out. */
  async newPage(): Promise<Page> {
    if (!this.browser) throw new Error('ConsoleApp.start() first');
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Every answer the console gets from the api is checked against the OpenAPI document.
    page.on('response', (response) => {
      if (!response.url().startsWith(this.base)) return;
      this.pendingChecks.push(
        response.body().then(
          (body) =>
            checkBuiltAnswer({
              method: response.request().method(),
              url: response.url(),
              status: response.status(),
              headers: response.headers(),
              body,
            }),
          // A redirect, or a page closed before the body arrived: nothing was received.
          () => undefined,
        ),
      );
    });
    const errors = collectConsoleErrors(page);
    page.on('close', () => this.consoleErrors.push(...errors));
    return page;
  }

  /** Fills in and sends the sign-in form (the answer is the test's to wait for). */
  async submitSignIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${this.base}/signin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** A page signed in as `email` (or signed out), past the sign-in screen. */
  async openAs(email: string | null, password = this.options.password): Promise<Page> {
    const page = await this.newPage();
    if (email) {
      await this.submitSignIn(page, email, password);
      await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
    }
    return page;
  }

  /** The checks every screen gets: axe and a screenshot (console errors are collected). */
  async checkScreen(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await this.settleChecks();
    this.screens.push(name);
    this.axeFindings.push(...(await axeScreen(page, name)));
    await screenshot(page, name);
  }
}
