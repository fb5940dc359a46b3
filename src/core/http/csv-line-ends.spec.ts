import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { crlfRecordEnds } from './csv-line-ends';

const through = (chunks: string[]) =>
  text(Readable.from(chunks.map((c) => Buffer.from(c))).pipe(crlfRecordEnds()));

describe('crlfRecordEnds', () => {
  it('ends every record with CRLF and keeps quoted line breaks as they are', async () => {
    expect(await through(['a,b\n"two\nlines",c\n', '"say ""hi""",d\n'])).toBe(
      'a,b\r\n"two\nlines",c\r\n"say ""hi""",d\r\n',
    );
  });

  it('keeps the quote state across chunk boundaries', async () => {
    expect(await through(['x,"spl', 'it\nvalue"\ny', ',"a""', '\n"\n'])).toBe(
      'x,"split\nvalue"\r\ny,"a""\n"\r\n',
    );
  });
});
