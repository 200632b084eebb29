import {
  drawTable,
  japaneseDate,
  japaneseDocument,
  pdfBytes,
  yenText,
} from '../../documents/japanese-pdf.js';
import type { InvoiceDocument } from './invoices.service.js';
import type { TaxRounding } from './tax.js';

export const ROUNDING_LABELS: Record<TaxRounding, string> = {
  down: '切り捨て',
  up: '切り上げ',
  'half-up': '四捨五入',
};

/** 8 % is the reduced rate (軽減税率): its lines carry ※, as the qualified-invoice rules ask. */
const rateText = (rate: number) => (rate === 8 ? '8%※' : `${rate}%`);

/**
 * A qualified invoice (適格請求書) in Japanese: issuer and 登録番号, issue date, recipient 御中, items with their
 * rates, net and tax per rate, the total, the due date and the bank account, and the rounding used. A draft
 * is marked 下書き / DRAFT and has no number; a voided invoice is marked 取消.
 */
export async function invoicePdf(inv: InvoiceDocument): Promise<Buffer> {
  const doc = japaneseDocument({
    title: inv.number ? `請求書 ${inv.number}` : '請求書（下書き）',
    author: inv.issuer?.name ?? 'KADO',
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  const mark = inv.status === 'draft' ? '下書き / DRAFT' : inv.status === 'void' ? '取消 / VOID' : null;
  if (mark) {
    // A large, faint diagonal mark across the page, drawn first so the content stays readable over it.
    doc.save();
    doc.rotate(-30, { origin: [doc.page.width / 2, doc.page.height / 2] });
    doc.font('bold').fontSize(54).fillColor('#d32f2f').fillOpacity(0.15);
    doc.text(mark, 0, doc.page.height / 2 - 40, { width: doc.page.width, align: 'center', lineBreak: false });
    doc.restore();
    doc.fillOpacity(1).fillColor('#000000');
  }

  doc.font('bold').fontSize(22).text('請求書', left, 50, { width, align: 'center' });
  if (mark)
    doc
      .font('bold')
      .fontSize(12)
      .fillColor('#d32f2f')
      .text(inv.status === 'draft' ? `${mark}（プレビュー・番号は発行時に付きます）` : mark, {
        width,
        align: 'center',
      });
  doc.fillColor('#000000');

  // Right column: number and dates.
  const top = 100;
  doc.font('regular').fontSize(10);
  const meta = [
    ...(inv.number ? [`請求書番号: ${inv.number}`] : []),
    `請求日: ${japaneseDate(inv.issueDate)}`,
    ...(inv.dueDate ? [`お支払期限: ${japaneseDate(inv.dueDate)}`] : []),
  ];
  doc.text(meta.join('\n'), left + width / 2, top, { width: width / 2, align: 'right' });

  // Left: the recipient.
  doc
    .font('bold')
    .fontSize(14)
    .text(`${inv.recipient.name} 御中`, left, top, { width: width / 2 });
  doc.font('regular').fontSize(9);
  if (inv.recipient.address) doc.text(inv.recipient.address, { width: width / 2 });

  // Right: the issuer with its registration number.
  const issuerTop = top + 50;
  doc.font('bold').fontSize(11);
  if (inv.issuer) {
    doc.text(inv.issuer.name, left + width / 2, issuerTop, { width: width / 2, align: 'right' });
    doc.font('regular').fontSize(9);
    const lines = [
      `登録番号: ${inv.issuer.registrationNumber}`,
      inv.issuer.address,
      ...(inv.issuer.phone ? [`TEL: ${inv.issuer.phone}`] : []),
    ];
    doc.text(lines.join('\n'), { width: width / 2, align: 'right' });
  } else {
    doc
      .fillColor('#d32f2f')
      .text('発行者設定が未登録です / Issuer settings missing', left + width / 2, issuerTop, {
        width: width / 2,
        align: 'right',
      })
      .fillColor('#000000');
  }

  // The amount due, large.
  doc
    .font('regular')
    .fontSize(10)
    .text('下記のとおりご請求申し上げます。', left, issuerTop + 70);
  doc.moveDown(0.5);
  doc
    .font('bold')
    .fontSize(16)
    .text(`ご請求金額（税込） ${yenText(inv.total)}`, left, doc.y, { width });
  doc.moveDown(0.8);

  drawTable(
    doc,
    [
      { header: '品目', width: 215 },
      { header: '数量', width: 50, align: 'right' },
      { header: '単価', width: 85, align: 'right' },
      { header: '税率', width: 45, align: 'center' },
      { header: '金額（税抜）', width: 100, align: 'right' },
    ],
    inv.items.map((i) => [
      i.description,
      i.quantity.toLocaleString('ja-JP'),
      yenText(i.unitPrice),
      rateText(i.taxRate),
      yenText(i.amount),
    ]),
  );
  if (inv.items.some((i) => i.taxRate === 8)) doc.fontSize(8).text('※は軽減税率（8%）対象です。', left);
  doc.moveDown(0.5);

  doc.font('bold').fontSize(10).text('税率ごとの合計', left);
  doc.moveDown(0.3);
  drawTable(
    doc,
    [
      { header: '税率', width: 120 },
      { header: '税抜金額', width: 125, align: 'right' },
      { header: '消費税額', width: 125, align: 'right' },
      { header: '税込金額', width: 125, align: 'right' },
    ],
    [
      ...inv.totalsByRate.map((t) => [
        t.rate === 8 ? '8%対象（軽減税率※）' : `${t.rate}%対象`,
        yenText(t.net),
        yenText(t.tax),
        yenText(t.gross),
      ]),
      ['合計', yenText(inv.subtotal), yenText(inv.tax), yenText(inv.total)],
    ],
  );
  doc
    .font('regular')
    .fontSize(9)
    .text(`消費税の端数処理: ${ROUNDING_LABELS[inv.rounding]}（税率ごとに請求書単位で1回）`, left);
  doc.moveDown(0.8);

  if (inv.dueDate)
    doc
      .font('bold')
      .fontSize(10)
      .text(`お支払期限: ${japaneseDate(inv.dueDate)}`, left);
  if (inv.issuer?.bankInfo) {
    doc.font('bold').fontSize(10).text('お振込先', left);
    doc.font('regular').fontSize(9).text(inv.issuer.bankInfo, left, doc.y, { width });
  }
  if (inv.note) {
    doc.moveDown(0.5);
    doc.font('bold').fontSize(10).text('備考', left);
    doc.font('regular').fontSize(9).text(inv.note, left, doc.y, { width });
  }
  if (inv.status === 'void' && inv.voidReason) {
    doc.moveDown(0.5);
    doc.font('regular').fontSize(9).fillColor('#d32f2f').text(`取消理由: ${inv.voidReason}`, left);
    doc.fillColor('#000000');
  }
  return pdfBytes(doc);
}
