// Postgres's COPY … CSV ends records with LF; RFC 4180, and every other CSV this API serves,
// end them with CRLF. A line feed outside quotes ends a record (COPY quotes any value holding
// one), so this turns exactly those into CRLF and leaves quoted line breaks as they are.
import { Transform } from 'node:stream';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export function crlfRecordEnds(): Transform {
  let quoted = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      // First pass: where the record ends are (quote state carries across chunks).
      const ends: number[] = [];
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === QUOTE) quoted = !quoted;
        else if (byte === LF && !quoted) ends.push(i);
      }
      if (ends.length === 0) return callback(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length + ends.length);
      let from = 0;
      let to = 0;
      for (const end of ends) {
        to += chunk.copy(out, to, from, end);
        out[to++] = CR;
        out[to++] = LF;
        from = end + 1;
      }
      chunk.copy(out, to, from);
      callback(null, out);
    },
  });
}
