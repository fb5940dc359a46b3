// The real system as an operator runs it: `node dist/main.api.js` and `node dist/main.worker.js`
// as child processes, configured only through the environment, plus a /proc memory sampler.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'dist');

export interface Service {
  name: string;
  child: ChildProcess;
  /** The last lines it wrote (stderr and stdout), for a failure message. */
  tail(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Set by stopService; startService reports an exit without it, with the last lines. */
  stopping?: boolean;
}

export function assertBuilt(): void {
  for (const f of ['main.api.js', 'main.worker.js']) {
    if (!existsSync(join(DIST, f))) {
      throw new Error(`dist/${f} is missing: run \`npm run build\` first`);
    }
  }
}

export async function freePort(): Promise<number> {
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

export function startService(
  name: string,
  entry: 'main.api.js' | 'main.worker.js',
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
  /** Sees every whole line the child writes (e.g. to learn which worker took which job). */
  onLine?: (line: string) => void,
): Service {
  const child = spawn(process.execPath, [...nodeArgs, join(DIST, entry)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  // A chunk may end mid-line: each stream keeps its unfinished line until the rest arrives.
  const keeper = () => {
    let partial = '';
    return (d: Buffer) => {
      const parts = (partial + d.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > 40) lines.shift();
        onLine?.(line);
        if (process.env.BENCH_VERBOSE === 'true') process.stderr.write(`[${name}] ${line}\n`);
      }
    };
  };
  child.stdout?.on('data', keeper());
  child.stderr?.on('data', keeper());
  const service: Service = {
    name,
    child,
    tail: () => lines.join('\n'),
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    ),
    stopping: false,
  };
  void service.exited.then(({ code, signal }) => {
    if (service.stopping) return;
    process.stderr.write(
      `\n[${name}] exited unexpectedly (code ${code}, signal ${signal}); its last lines:\n${service.tail()}\n`,
    );
  });
  return service;
}

/** SIGTERM, then SIGKILL after `graceMs`. Only ever signals the child's own pid. */
export async function stopService(service: Service, graceMs = 10_000): Promise<void> {
  const { child } = service;
  service.stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await service.exited;
  clearTimeout(timer);
}

export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  service?: Service,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service && (service.child.exitCode !== null || service.child.signalCode !== null)) {
      throw new Error(`${service.name} exited while waiting for ${what}:\n${service.tail()}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${service ? `:\n${service.tail()}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface MemoryFigures {
  /** Highest VmRSS seen by polling, MB. */
  peakRssMb: number;
  /** The kernel's high-water mark (VmHWM) at the last sample, MB: includes start-up. */
  hwmMb: number;
  samples: number;
}

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return m ? Number(m[1]) : null;
  } catch {
    return null; // the process is gone, or no /proc here
  }
}

/** Polls a process's VmRSS every `everyMs`; phases can be read and reset independently. */
export class MemorySampler {
  private timer: NodeJS.Timeout | null = null;
  private phasePeakKb = 0;
  private overallPeakKb = 0;
  private lastHwmKb = 0;
  private samples = 0;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 100,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
  }

  private sample(): void {
    const rss = readStatusKb(this.pid, 'VmRSS');
    const hwm = readStatusKb(this.pid, 'VmHWM');
    if (rss === null) return;
    this.samples++;
    this.phasePeakKb = Math.max(this.phasePeakKb, rss);
    this.overallPeakKb = Math.max(this.overallPeakKb, rss);
    if (hwm !== null) this.lastHwmKb = hwm;
  }

  /** Peak since the last call (or start), then starts a new phase. */
  takePhase(): MemoryFigures {
    this.sample();
    const figures = {
      peakRssMb: this.phasePeakKb / 1024,
      hwmMb: this.lastHwmKb / 1024,
      samples: this.samples,
    };
    this.phasePeakKb = 0;
    return figures;
  }

  stop(): MemoryFigures {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return {
      peakRssMb: this.overallPeakKb / 1024,
      hwmMb: this.lastHwmKb / 1024,
      samples: this.samples,
    };
  }
}
