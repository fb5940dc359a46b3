// Time-ordered UUIDs (version 7, RFC 9562) made in the process: the Unix time in milliseconds in
// the first 48 bits, then random bits. The same layout as the database's uuid_time_ordered()
// (migration TimeOrderedIds), which stays the tables' default for rows created one at a time.
//
// Why here as well: an import creates about three rows a roster row, and the database function
// costs 3.3 µs a call (gen_random_uuid() alone 2.3 µs, a call into the OS's random source each
// time): about 3 s of the database's CPU for a 300,000-row roster. The worker fills a buffer
// from the same kind of source (the OS's CSPRNG) once every 1,024 ids, and writes each id as 32
// hex digits straight into the bytes it sends (PostgreSQL's uuid input reads that form): made
// as JavaScript strings, 30,000 ids a batch cost the collector 70 ms.
import { randomFillSync } from 'node:crypto';

const IDS_PER_FILL = 1024;
const pool = Buffer.allocUnsafe(16 * IDS_PER_FILL);
let used = IDS_PER_FILL;
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/** Bytes a hex id takes. */
export const ID_HEX_LENGTH = 32;

/**
 * Writes a new version-7 UUID as 32 lower-case hex digits into `out` at `at`; returns the
 * position after it. `out` must have room.
 */
export function writeTimeOrderedIdHex(out: Buffer, at: number, nowMs: number = Date.now()): number {
  if (used === IDS_PER_FILL) {
    randomFillSync(pool);
    used = 0;
  }
  const from = 16 * used++;
  pool.writeUIntBE(nowMs, from, 6);
  pool[from + 6] = 0x70 | (pool[from + 6] & 0x0f); // version 7
  pool[from + 8] = 0x80 | (pool[from + 8] & 0x3f); // variant 10 (RFC 9562)
  let to = at;
  for (let i = from; i < from + 16; i++) {
    out[to++] = HEX_DIGITS[pool[i] >> 4];
    out[to++] = HEX_DIGITS[pool[i] & 0x0f];
  }
  return to;
}

/** A new version-7 UUID as 32 lower-case hex digits, no hyphens. */
export function timeOrderedIdHex(nowMs: number = Date.now()): string {
  const out = Buffer.allocUnsafe(ID_HEX_LENGTH);
  writeTimeOrderedIdHex(out, 0, nowMs);
  return out.toString('latin1');
}
