// Real child processes of the built app (`dist/`), for tests that start, kill and restart the
// api or the worker the way an operator's machine would.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'dist', 'main.js');
export const WORKER = join(ROOT, 'dist', 'main.worker.js');
export const API_ENTRY = join(ROOT, 'dist', 'main.api.js');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** CI runs `npm run build` first; a fresh checkout without dist builds it once here. */
export function ensureBuilt(): void {
  if (!existsSync(MAIN) || !existsSync(WORKER) || !existsSync(join(ROOT, 'dist', 'modules'))) {
    execFileSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
}

export function start(
  env: NodeJS.ProcessEnv,
  entry = MAIN,
  cwd = ROOT,
): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [entry], { cwd, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** Polls until `ready()` is true or the child exits; returns whether it became ready. */
export async function waitFor(
  ready: () => boolean | Promise<boolean>,
  child: ChildProcess,
  ms: number,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    try {
      if (await ready()) return true;
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** The child's stdout as JSON log entries (every line must be JSON). */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The console's own build (web/dist); `npm run build` makes it, a fresh checkout here. */
export function ensureWebBuilt(): void {
  if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) {
    execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  }
}

/** A port nobody listens on now (the OS picks it), for a child process to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200 or the child exits or `ms` pass. */
export async function waitForReady(url: string, child: ChildProcess, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready: ${url}`);
}

/** SIGKILL (no chance to clean up, like a lost machine) and wait until the child is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('close', r));
  child.kill('SIGKILL');
  await gone;
}
