import {
  drawTable,
  japaneseDate,
  japaneseDocument,
  pdfBytes,
  yenText,
} from '../../../documents/japanese-pdf.js';
import { tokyoDate } from '../../../kernel/tokyo.js';
import type { SettlementView } from './settlement.schemas.js';

/**
 * A settlement statement (精算書) in Japanese, the same for both sides: the hub and the partner centre, the
 * month and its booking date, per offer the tasks accepted × the unit price, and the total. A draft is
 * marked 下書き / DRAFT (and, for a month not yet ended, プレビュー); a confirmed one shows when it was.
 */
export async function settlementPdf(s: SettlementView): Promise<Buffer> {
  const [year, month] = s.month.split('-').map(Number);
  const doc = japaneseDocument({ title: `精算書 ${s.month} ${s.partner.nameJa}`, author: s.hub.nameJa });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  if (s.status === 'draft') {
    doc.save();
    doc.rotate(-30, { origin: [doc.page.width / 2, doc.page.height / 2] });
    doc.font('bold').fontSize(54).fillColor('#d32f2f').fillOpacity(0.15);
    doc.text('下書き / DRAFT', 0, doc.page.height / 2 - 40, {
      width: doc.page.width,
      align: 'center',
      lineBreak: false,
    });
    doc.restore();
    doc.fillOpacity(1).fillColor('#000000');
  }

  doc.font('bold').fontSize(22).text('精算書', left, 50, { width, align: 'center' });
  doc
    .font('regular')
    .fontSize(10)
    .text(`${year}年${month}月分 / Settlement statement ${s.month}`, { width, align: 'center' });
  if (s.status === 'draft')
    doc
      .font('bold')
      .fontSize(11)
      .fillColor('#d32f2f')
      .text(
        s.monthEnded ? '下書き / DRAFT（確定前）' : '下書き / DRAFT（月の途中のプレビュー・確定できません）',
        { width, align: 'center' },
      )
      .fillColor('#000000');

  const top = 120;
  doc
    .font('bold')
    .fontSize(13)
    .text(`${s.partner.nameJa} 御中`, left, top, { width: width / 2 });
  doc
    .font('regular')
    .fontSize(9)
    .text(s.partner.nameEn, { width: width / 2 });
  doc
    .font('bold')
    .fontSize(11)
    .text(s.hub.nameJa, left + width / 2, top, { width: width / 2, align: 'right' });
  doc.font('regular').fontSize(9);
  const meta = [
    s.hub.nameEn,
    `計上日: ${japaneseDate(s.settlementDate)}`,
    ...(s.confirmedAt ? [`確定日: ${japaneseDate(tokyoDate(s.confirmedAt))}`] : []),
    `精算書ID: ${s.id}`,
  ];
  doc.text(meta.join('\n'), { width: width / 2, align: 'right' });

  doc
    .font('regular')
    .fontSize(10)
    .text('下記のとおり精算いたします。', left, top + 80);
  doc.moveDown(0.5);
  doc
    .font('bold')
    .fontSize(16)
    .text(`精算金額 ${yenText(s.totalYen)}`, left, doc.y, { width });
  doc.moveDown(0.8);

  drawTable(
    doc,
    [
      { header: '依頼', width: 215 },
      { header: '作業の種類', width: 95 },
      { header: '検収件数', width: 60, align: 'right' },
      { header: '単価', width: 60, align: 'right' },
      { header: '金額', width: 65, align: 'right' },
    ],
    [
      ...s.lines.map((l) => [
        l.title,
        l.workType,
        l.units.toLocaleString('ja-JP'),
        yenText(l.unitPrice),
        yenText(l.amountYen),
      ]),
      ['合計', '', s.units.toLocaleString('ja-JP'), '', yenText(s.totalYen)],
    ],
  );
  doc.moveDown(0.8);
  doc
    .font('regular')
    .fontSize(9)
    .text(
      '検収件数は、東京時間の当月中にパートナーセンターで検収（品質確認で承認）された件数です。' +
        '確定時に、ハブは外注費（パートナー）／未払金（パートナー）、パートナーセンターは未収金（ハブ）／売上として同額を記帳します。',
      left,
      doc.y,
      { width },
    );
  return pdfBytes(doc);
}
