import { describe, expect, it } from 'vitest';
import { pdfText } from '../../test/support/pdf-text.js';
import { drawTable, japaneseDate, japaneseDocument, pdfBytes, yenText } from './japanese-pdf.js';

describe('Japanese PDF documents', () => {
  it('embeds its own glyph subset per document from the fonts parsed once', async () => {
    const render = async (title: string, lines: string[][]) => {
      const doc = japaneseDocument({ title, author: '塩尻市' });
      doc.font('bold').fontSize(16).text(title);
      drawTable(
        doc,
        [
          { header: '項目', width: 200 },
          { header: '金額', width: 100, align: 'right' },
        ],
        lines,
      );
      return pdfText(await pdfBytes(doc));
    };
    const first = await render('支払明細書', [['作業時間 12時間30分', yenText(12_500)]]);
    const second = await render('請求書', [['データ入力（軽減税率※）', yenText(1_234_567)]]);
    expect(first.text).toContain('支払明細書');
    expect(first.text).toContain('12,500円');
    expect(second.text).toContain('請求書');
    expect(second.text).toContain('データ入力（軽減税率※）');
    expect(second.text).toContain('1,234,567円');
    expect(second.text).not.toContain('支払明細書');
  });

  it('writes dates the Japanese way', () => {
    expect(japaneseDate('2026-11-05')).toBe('2026年11月5日');
  });
});
