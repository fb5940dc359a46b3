// A streaming ZIP writer, just enough for an XLSX workbook: entries are deflated as they are
// produced, each followed by a data descriptor (its CRC and sizes are known only at its end), then
// the central directory. Pulled as an async iterable, so a slow reader slows the producer and
// memory stays at a few chunks whatever the size (APPNOTE.TXT 6.3: local headers, data
// descriptors, central directory, end record; no ZIP64, so an entry stays under 4 GiB).
import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** The entry's bytes, produced lazily. */
  data: () => AsyncIterable<Buffer>;
}

const LIMIT = 0xffffffff;
const VERSION = 20; // 2.0: deflate
const FLAGS = 0x0808; // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
const DEFLATE = 8;
// 1980-01-01 00:00 in DOS date/time: the entries carry no meaningful time.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

export async function* zipEntries(entries: readonly ZipEntry[]): AsyncGenerator<Buffer> {
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(VERSION, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(DEFLATE, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    // CRC and sizes (14..25) stay 0: they follow in the data descriptor.
    header.writeUInt16LE(name.length, 26);
    yield Buffer.concat([header, name]);

    const sums = { crc: 0, size: 0 };
    let compressed = 0;
    for await (const chunk of deflated(entry.data(), sums)) {
      compressed += chunk.length;
      yield chunk;
    }
    if (sums.size > LIMIT || compressed > LIMIT) {
      throw new Error(`zip entry ${entry.name} is over 4 GiB`);
    }
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(sums.crc, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(sums.size, 12);
    yield descriptor;
    written.push({ name, crc: sums.crc, compressed, size: sums.size, offset });
    offset += header.length + name.length + compressed + descriptor.length;
  }
  if (offset > LIMIT) throw new Error('zip archive is over 4 GiB');

  const directory: Buffer[] = [];
  for (const w of written) {
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(VERSION, 4);
    record.writeUInt16LE(VERSION, 6);
    record.writeUInt16LE(FLAGS, 8);
    record.writeUInt16LE(DEFLATE, 10);
    record.writeUInt16LE(DOS_TIME, 12);
    record.writeUInt16LE(DOS_DATE, 14);
    record.writeUInt32LE(w.crc, 16);
    record.writeUInt32LE(w.compressed, 20);
    record.writeUInt32LE(w.size, 24);
    record.writeUInt16LE(w.name.length, 28);
    // extra, comment, disk, attributes: 0
    record.writeUInt32LE(w.offset, 42);
    directory.push(record, w.name);
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(written.length, 8);
  end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  yield Buffer.concat([directoryBytes, end]);
}

const GZIP_HEADER = 10;
const GZIP_TRAILER = 8;

/**
 * The raw-deflated bytes of `source`, with its CRC and size put into `sums` at the end. The
 * compressor is zlib's gzip, whose 8-byte trailer carries the CRC-32 zlib computed natively (a
 * JS CRC cost more than the compression); the 10-byte gzip header and the trailer are cut off,
 * leaving exactly the raw deflate stream a ZIP entry holds.
 */
async function* deflated(
  source: AsyncIterable<Buffer>,
  sums: { crc: number; size: number },
): AsyncGenerator<Buffer> {
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      sums.size += chunk.length;
      yield chunk;
    }
  }
  // Level 1: a workbook's XML is very repetitive, so it still shrinks about tenfold, at several
  // times the speed of the default level.
  const gzip = createGzip({ level: 1 });
  // An error on either side destroys the other, so the loop below ends with it.
  pipeline(Readable.from(counted()), gzip, () => undefined);
  let header = GZIP_HEADER;
  let tail = Buffer.alloc(0);
  for await (const chunk of gzip as AsyncIterable<Buffer>) {
    let bytes = chunk;
    if (header > 0) {
      const skip = Math.min(header, bytes.length);
      bytes = bytes.subarray(skip);
      header -= skip;
    }
    const joined = tail.length > 0 ? Buffer.concat([tail, bytes]) : bytes;
    if (joined.length <= GZIP_TRAILER) {
      tail = Buffer.from(joined);
      continue;
    }
    yield joined.subarray(0, joined.length - GZIP_TRAILER);
    tail = Buffer.from(joined.subarray(joined.length - GZIP_TRAILER));
  }
  if (tail.length !== GZIP_TRAILER) throw new Error('gzip stream ended without its trailer');
  sums.crc = tail.readUInt32LE(0);
}
