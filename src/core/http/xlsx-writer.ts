// The one XLSX writer for every workbook this API serves (report exports, trainee exports, the
// dashboard's several sheets): per sheet a header row, then rows of text, numbers and blanks,
// written as a stream. Text goes in
// as inline strings (no shared-string table to hold in memory), formula-safe; numbers as numeric
// cells. The workbook is pulled, so a slow client slows the writer and memory stays flat.
import { Readable } from 'node:stream';
import { inertText } from './csv-cell';
import { zipEntries } from './zip-writer';

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type XlsxCell = string | number | null;

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const SHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

/** One sheet: its tab name, a header row, then rows as they come (an array or a stream). */
export interface XlsxSheet {
  /** Shown on the tab; `sheetName` makes it one Excel accepts. */
  name: string;
  header: readonly string[];
  rows: AsyncIterable<readonly XlsxCell[]> | Iterable<readonly XlsxCell[]>;
}

/** Excel's rules for a tab: at most 31 characters, none of []:*?/\ . */
export function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

function contentTypes(count: number): string {
  const overrides = Array.from(
    { length: count },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${SHEET_TYPE}"/>`,
  ).join('');
  return (
    XML_HEAD +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    overrides +
    '</Types>'
  );
}

const ROOT_RELS =
  XML_HEAD +
  `<Relationships xmlns="${PKG_REL}">` +
  `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
  '</Relationships>';

function workbookRels(count: number): string {
  const rels = Array.from(
    { length: count },
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('');
  return XML_HEAD + `<Relationships xmlns="${PKG_REL}">` + rels + '</Relationships>';
}

function workbookXml(names: readonly string[]): string {
  const sheets = names
    .map(
      (n, i) => `<sheet name="${escapeXml(sheetName(n))}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
    )
    .join('');
  return (
    XML_HEAD +
    `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>` +
    sheets +
    '</sheets></workbook>'
  );
}

/** Characters XML 1.0 cannot carry at all (controls other than tab, LF, CR; lone surrogates). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const XML_SPECIAL = /[&<>"]/g;
const XML_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/** Anything escapeXml would change: most cells have none, and are passed as they are. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/;

function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(NOT_XML, '').replace(XML_SPECIAL, (c) => XML_ENTITY[c]);
}

/** A1-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function cellXml(ref: string, value: XlsxCell): string {
  if (value === null || value === '') return '';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : '';
  }
  const text = escapeXml(inertText(value));
  // Leading or trailing blanks survive only with xml:space="preserve".
  const space = text !== text.trim() ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

/** Rows per XML chunk handed to the compressor: a few hundred KB. */
const ROWS_PER_CHUNK = 200;

async function* sheetXml(
  header: readonly string[],
  rows: AsyncIterable<readonly XlsxCell[]> | Iterable<readonly XlsxCell[]>,
): AsyncGenerator<Buffer> {
  const letters: string[] = [];
  const letter = (i: number) => (letters[i] ??= columnLetters(i));
  const rowXml = (r: number, cells: readonly XlsxCell[]) =>
    `<row r="${r}">${cells.map((v, i) => cellXml(`${letter(i)}${r}`, v)).join('')}</row>`;

  let r = 1;
  let chunk = XML_HEAD + `<worksheet xmlns="${MAIN}"><sheetData>` + rowXml(r, header);
  let inChunk = 0;
  for await (const cells of rows) {
    chunk += rowXml(++r, cells);
    if (++inChunk === ROWS_PER_CHUNK) {
      yield Buffer.from(chunk, 'utf8');
      chunk = '';
      inChunk = 0;
    }
  }
  yield Buffer.from(chunk + '</sheetData></worksheet>', 'utf8');
}

async function* once(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8');
}

/** A workbook of several sheets (the dashboard's whole view), each written as it is pulled. */
export function workbookStream(sheets: readonly XlsxSheet[]): Readable {
  return Readable.from(
    zipEntries([
      { name: '[Content_Types].xml', data: () => once(contentTypes(sheets.length)) },
      { name: '_rels/.rels', data: () => once(ROOT_RELS) },
      { name: 'xl/workbook.xml', data: () => once(workbookXml(sheets.map((s) => s.name))) },
      { name: 'xl/_rels/workbook.xml.rels', data: () => once(workbookRels(sheets.length)) },
      ...sheets.map((s, i) => ({
        name: `xl/worksheets/sheet${i + 1}.xml`,
        data: () => sheetXml(s.header, s.rows),
      })),
    ]),
    { highWaterMark: 1 },
  );
}

/** A one-sheet workbook: `header`, then `rows` as they come. */
export function xlsxStream(
  name: string,
  header: readonly string[],
  rows: AsyncIterable<readonly XlsxCell[]> | Iterable<readonly XlsxCell[]>,
): Readable {
  return workbookStream([{ name, header, rows }]);
}
