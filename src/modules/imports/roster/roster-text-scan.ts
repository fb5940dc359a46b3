// A first pass over an upload's bytes, before anything is applied: is it UTF-8 text at all,
// and how many records does it hold (a quote-aware count, so quoted newlines do not count)?
// Pure and streaming: feed it chunks, then finish().

export type TextScanResult = { ok: true; records: number } | { ok: false; reason: string };

const NEWLINE = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const NUL = 0x00;

export class RosterTextScanner {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private inQuotes = false;
  private lineHasContent = false;
  private records = 0;
  private failure: string | null = null;

  push(chunk: Uint8Array): void {
    if (this.failure) return;
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.failure = 'the file is not UTF-8 text: save it as CSV UTF-8 and upload it again';
      return;
    }
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === NUL) {
        this.failure = 'the file contains binary data (NUL bytes): upload a CSV text file';
        return;
      }
      if (byte === QUOTE) {
        this.inQuotes = !this.inQuotes;
        this.lineHasContent = true;
      } else if (byte === NEWLINE && !this.inQuotes) {
        if (this.lineHasContent) this.records++;
        this.lineHasContent = false;
      } else if (byte !== CR && byte !== NEWLINE) {
        this.lineHasContent = true;
      }
    }
  }

  /** Records including the header row; the caller subtracts it. */
  finish(): TextScanResult {
    if (!this.failure) {
      try {
        this.decoder.decode();
      } catch {
        this.failure = 'the file is not UTF-8 text: it ends inside a character';
      }
    }
    if (this.failure) return { ok: false, reason: this.failure };
    return { ok: true, records: this.records + (this.lineHasContent ? 1 : 0) };
  }
}
