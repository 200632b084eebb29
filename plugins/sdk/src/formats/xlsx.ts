import { zip } from './zip.js';

export type XlsxCell = string | number | boolean | Date | null | undefined;

export interface XlsxSheet {
  /** Shown on the tab; made valid for Excel (≤ 31 characters, none of `[]:*?/\`, unique). */
  name: string;
  /** A bold header row, and column widths in characters. */
  columns?: { header: string; width?: number }[];
  rows: AsyncIterable<readonly XlsxCell[]> | Iterable<readonly XlsxCell[]>;
}

// Style indexes into styles.xml's cellXfs.
const STYLE_HEADER = 1;
const STYLE_DATE = 2;
const STYLE_DATETIME = 3;

const escapeXml = (text: string) =>
  text
    // Control characters are not allowed in XML 1.0 at all, not even escaped.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** A, B, …, Z, AA, … for a 0-based column index. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * Excel's serial date (days since 1899-12-30) of a Date, read in UTC: a date-only value such as
 * `new Date('2024-04-01')` is midnight UTC and lands on that day whatever the server's time zone.
 */
const serialOf = (date: Date) => date.getTime() / 86_400_000 + 25_569;

function cell(value: XlsxCell, ref: string, style?: number): string {
  const s = style === undefined ? '' : ` s="${style}"`;
  if (value === null || value === undefined || value === '')
    return style === undefined ? '' : `<c r="${ref}"${s}/>`;
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : '';
  if (typeof value === 'boolean') return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const serial = serialOf(value);
    const dateStyle = Number.isInteger(serial) ? STYLE_DATE : STYLE_DATETIME;
    return `<c r="${ref}" s="${dateStyle}"><v>${serial}</v></c>`;
  }
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(String(value))}</t></is></c>`;
}

function row(values: readonly XlsxCell[], index: number, style?: number): string {
  const cells = values.map((v, c) => cell(v, `${columnName(c)}${index}`, style)).join('');
  return `<row r="${index}">${cells}</row>`;
}

async function* sheetXml(sheet: XlsxSheet): AsyncGenerator<string> {
  let head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
  const columns = sheet.columns ?? [];
  if (columns.length > 0) {
    // Keep the header in view while scrolling.
    head +=
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  }
  if (columns.some((c) => c.width !== undefined)) {
    head += `<cols>${columns
      .map((c, i) =>
        c.width === undefined
          ? ''
          : `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`,
      )
      .join('')}</cols>`;
  }
  head += '<sheetData>';
  let index = 0;
  if (columns.length > 0)
    head += row(
      columns.map((c) => c.header),
      ++index,
      STYLE_HEADER,
    );
  // Rows are batched into chunks of about 64 KiB: fewer, larger pushes compress faster.
  let batch = head;
  for await (const values of sheet.rows) {
    batch += row(values, ++index);
    if (batch.length >= 65_536) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}</sheetData></worksheet>`;
}

/** Excel refuses sheet names that are empty, longer than 31 characters, repeated or contain `[]:*?/\`. */
function sheetNames(sheets: readonly XlsxSheet[]): string[] {
  const used = new Set<string>();
  return sheets.map((sheet, i) => {
    const base = [...(sheet.name.replace(/[[\]:*?/\\]/g, '_').trim() || `Sheet${i + 1}`)];
    let name = base.slice(0, 31).join('');
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = base.slice(0, 31 - suffix.length).join('') + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/**
 * Streams an xlsx workbook (Office Open XML) that Excel, LibreOffice and exceljs open. Strings are written
 * inline (no shared-strings table) and rows are read one at a time, so memory stays flat however many
 * rows there are. Dates become date cells (`yyyy-mm-dd`, with the time when it is not midnight UTC).
 */
export async function* xlsx(sheets: readonly XlsxSheet[]): AsyncGenerator<Uint8Array> {
  if (sheets.length === 0) throw new Error('xlsx: シートがありません / a workbook needs at least one sheet');
  const names = sheetNames(sheets);
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const rels = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const sheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
  const parts = function* () {
    yield {
      name: '[Content_Types].xml',
      data:
        `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        names
          .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sheetType}"/>`)
          .join('') +
        '</Types>',
    };
    yield {
      name: '_rels/.rels',
      data:
        `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    };
    yield {
      name: 'xl/workbook.xml',
      data:
        `${xml}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rels}"><sheets>` +
        names
          .map((n, i) => `<sheet name="${escapeXml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
          .join('') +
        '</sheets></workbook>',
    };
    yield {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        names
          .map(
            (_, i) =>
              `<Relationship Id="rId${i + 1}" Type="${rels}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join('') +
        `<Relationship Id="rId${names.length + 1}" Type="${rels}/styles" Target="styles.xml"/></Relationships>`,
    };
    yield { name: 'xl/styles.xml', data: STYLES };
    for (const [i, sheet] of sheets.entries())
      yield { name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(sheet) };
  };
  yield* zip(parts());
}
