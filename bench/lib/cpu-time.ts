// CPU seconds from /proc: of one process (user + system), and busy time of the whole machine,
// so a phase can be split into "the Node process worked" and "something else (Postgres) did".
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of `pid` in seconds, or null when it is gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Busy (non-idle, non-iowait) CPU seconds of the whole machine since boot, all cores summed. */
export function machineBusySeconds(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = v;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU used by each watched process and by the machine between start() and stop(). */
export class CpuMeter {
  private startProc = new Map<string, number>();
  private startMachine = 0;

  constructor(private readonly processes: Record<string, number>) {}

  start(): void {
    for (const [name, pid] of Object.entries(this.processes)) {
      this.startProc.set(name, processCpuSeconds(pid) ?? 0);
    }
    this.startMachine = machineBusySeconds() ?? 0;
  }

  stop(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.processes)) {
      const now = processCpuSeconds(pid);
      if (now !== null) out[name] = now - (this.startProc.get(name) ?? 0);
    }
    const machine = machineBusySeconds();
    if (machine !== null) out.machine = machine - this.startMachine;
    return out;
  }
}
