// Where a run's database time goes, from Postgres's own log: with log_min_duration_statement = 0
// set on the bench database, every statement's duration is logged; this reads the log written
// during a phase and sums the durations by statement (whitespace collapsed, first 110 chars).
// Needs read access to the server log (BENCH_PG_LOG_FILE, default Debian's path).
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export const PG_LOG_FILE =
  process.env.BENCH_PG_LOG_FILE ?? '/var/log/postgresql/postgresql-15-main.log';

export interface StatementTotal {
  statement: string;
  calls: number;
  totalMs: number;
}

export class PgStatementLog {
  private offset = 0;

  constructor(
    private readonly database: string,
    private readonly file = PG_LOG_FILE,
  ) {}

  /** True when the log file can be read here. */
  available(): boolean {
    try {
      closeSync(openSync(this.file, 'r'));
      return true;
    } catch {
      return false;
    }
  }

  mark(): void {
    this.offset = statSync(this.file).size;
  }

  /** Totals per statement since mark(), most expensive first. */
  read(): StatementTotal[] {
    const end = statSync(this.file).size;
    const length = Math.max(0, end - this.offset);
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, buffer, 0, length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset = end;
    const totals = new Map<string, StatementTotal>();
    const marker = `@${this.database} LOG:  duration: `;
    // Parse, bind and execute of one extended-protocol call are three entries: one call.
    let current: { ms: number; text: string; call: boolean } | null = null;
    const close = () => {
      if (!current) return;
      const key = current.text.replace(/\s+/g, ' ').trim().slice(0, 110);
      const t = totals.get(key) ?? { statement: key, calls: 0, totalMs: 0 };
      if (current.call) t.calls++;
      t.totalMs += current.ms;
      totals.set(key, t);
      current = null;
    };
    for (const line of buffer.toString('utf8').split('\n')) {
      if (line.startsWith('\t')) {
        if (current) current.text += ` ${line}`;
        continue;
      }
      close();
      const at = line.indexOf(marker);
      if (at < 0) continue;
      // "duration: 12.345 ms  statement: …" | "… ms  execute <unnamed>: …" | parse | bind
      const m = /^([\d.]+) ms {2}(statement|execute|parse|bind)[^:]*: ?(.*)$/.exec(
        line.slice(at + marker.length),
      );
      if (m)
        current = {
          ms: Number(m[1]),
          text: m[3],
          call: m[2] === 'statement' || m[2] === 'execute',
        };
    }
    close();
    return [...totals.values()].sort((a, b) => b.totalMs - a.totalMs);
  }
}
