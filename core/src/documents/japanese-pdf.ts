import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * PDF documents in Japanese (payment statements, invoices). The font is Noto Sans JP from an npm package
 * installed with the project, so nothing is downloaded at run time; pdfkit embeds only the glyphs used.
 */
const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
} as const;
type FontName = keyof typeof FONTS;

export type PdfDoc = PDFKit.PDFDocument;

export interface PdfInfo {
  title: string;
  author: string;
}

// A payout run renders thousands of statements. registerFont() reads and parses the 5 MB font files for
// every document, and the first layout of a freshly parsed font builds its GSUB/GPOS tables: ~200 ms per
// document. So the fonts are parsed once per process, and each document gets its own embedded-font object
// (its own subset) over the shared, read-only parsed font (~35 ms per statement, measured). pdfkit does
// not export its embedded-font class, so it is taken from a font pdfkit opened itself; if a pdfkit
// release changes those internals, documents fall back to registerFont() — slower, never wrong.
interface PdfkitInternals {
  _font?: { constructor: EmbeddedFontClass };
  _fontCount?: number;
  _fontFamilies?: Record<string, unknown>;
}
type EmbeddedFontClass = new (doc: PdfDoc, font: unknown, id: string) => unknown;
let shared: { fonts: Record<FontName, unknown>; EmbeddedFont: EmbeddedFontClass } | null | undefined;

function sharedFonts() {
  if (shared !== undefined) return shared;
  try {
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(buf: Buffer): unknown };
    const regular = readFileSync(FONTS.regular);
    const probe = new PDFDocument({ autoFirstPage: false });
    probe.registerFont('probe', regular);
    probe.font('probe');
    const EmbeddedFont = (probe as unknown as PdfkitInternals)._font?.constructor;
    const fonts = { regular: fontkit.create(regular), bold: fontkit.create(readFileSync(FONTS.bold)) };
    shared = typeof EmbeddedFont === 'function' ? { fonts, EmbeddedFont } : null;
  } catch {
    shared = null;
  }
  return shared;
}

/** An A4 document with the Japanese fonts registered as 'regular' and 'bold' (regular is current). */
export function japaneseDocument(info: PdfInfo): PdfDoc {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    lang: 'ja-JP',
    info: { Title: info.title, Author: info.author, Creator: 'KADO Platform' },
    compress: true,
  });
  const fonts = sharedFonts();
  const internals = doc as unknown as PdfkitInternals;
  for (const name of Object.keys(FONTS) as FontName[]) {
    if (fonts && internals._fontFamilies && typeof internals._fontCount === 'number')
      internals._fontFamilies[name] = new fonts.EmbeddedFont(
        doc,
        fonts.fonts[name],
        `F${++internals._fontCount}`,
      );
    else doc.registerFont(name, FONTS[name]);
  }
  doc.font('regular');
  return doc;
}

/** Ends the document and collects it into one Buffer. */
export function pdfBytes(doc: PdfDoc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** `12,345円` — amounts on documents are integer yen, grouped the Japanese way. */
export const yenText = (amount: number) => `${amount.toLocaleString('ja-JP')}円`;

/** `2026年11月25日` from 'YYYY-MM-DD'. */
export function japaneseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

export interface TableColumn {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/**
 * A simple ruled table from the current position: a bold header row and one row per entry, a new page
 * when the page is full (the header is repeated). Returns the y below the table.
 */
export function drawTable(doc: PdfDoc, columns: readonly TableColumn[], rows: readonly string[][]): number {
  const left = doc.page.margins.left;
  const rowHeight = 20;
  const width = columns.reduce((t, c) => t + c.width, 0);
  let y = doc.y;
  const row = (cells: readonly string[], bold: boolean) => {
    if (y + rowHeight > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      y = doc.page.margins.top;
      if (!bold)
        row(
          columns.map((c) => c.header),
          true,
        );
    }
    if (bold) doc.rect(left, y, width, rowHeight).fill('#eeeeee').fillColor('#000000');
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    let x = left;
    cells.forEach((cell, i) => {
      const col = columns[i]!;
      doc.text(cell, x + 4, y + 5, { width: col.width - 8, align: col.align ?? 'left', lineBreak: false });
      x += col.width;
    });
    doc
      .moveTo(left, y + rowHeight)
      .lineTo(left + width, y + rowHeight)
      .strokeColor('#999999')
      .lineWidth(0.5)
      .stroke();
    y += rowHeight;
  };
  row(
    columns.map((c) => c.header),
    true,
  );
  for (const r of rows) row(r, false);
  doc.font('regular').fontSize(10);
  doc.x = left;
  doc.y = y + 10;
  return doc.y;
}
