import {
  drawTable,
  japaneseDate,
  japaneseDocument,
  pdfBytes,
  yenText,
} from '../../documents/japanese-pdf.js';
import { monthEnd } from './payment-date.js';

export interface StatementDocument {
  centreName: string;
  workerName: string;
  month: string;
  minutes: number;
  hourlyRate: number;
  hourAmount: number;
  units: number;
  unitAmount: number;
  amount: number;
  paymentDate: string;
  paymentDateNote: string | null;
}

/** '12時間30分' */
export const hoursText = (minutes: number) => `${Math.floor(minutes / 60)}時間${minutes % 60}分`;

/** The worker's payment statement (支払明細書) in Japanese, A4, one page. */
export async function renderStatementPdf(s: StatementDocument): Promise<Buffer> {
  const [y, m] = s.month.split('-').map(Number);
  const doc = japaneseDocument({ title: `支払明細書 ${y}年${m}月分`, author: s.centreName });
  doc.font('bold').fontSize(18).text('支払明細書', { align: 'center' });
  doc.moveDown(0.3).font('regular').fontSize(10).text('Payment statement', { align: 'center' });
  doc.moveDown(1.2).fontSize(12).text(`${s.workerName} 様`);
  doc.moveDown(0.5).fontSize(10).text(`発行者: ${s.centreName}`);
  doc.text(`対象期間: ${japaneseDate(`${s.month}-01`)} 〜 ${japaneseDate(monthEnd(s.month))}`);
  doc.text(`支払予定日: ${japaneseDate(s.paymentDate)}`);
  if (s.paymentDateNote) doc.fontSize(8).text(s.paymentDateNote).fontSize(10);
  doc.moveDown(1);
  drawTable(
    doc,
    [
      { header: '項目', width: 160 },
      { header: '数量', width: 110, align: 'right' },
      { header: '単価', width: 110, align: 'right' },
      { header: '金額', width: 115, align: 'right' },
    ],
    [
      [
        '時間報酬（承認済み稼働）',
        hoursText(s.minutes),
        `${yenText(s.hourlyRate)}/時`,
        yenText(s.hourAmount),
      ],
      ['出来高報酬（検収済み）', `${s.units.toLocaleString('ja-JP')}件`, '—', yenText(s.unitAmount)],
    ],
  );
  doc
    .moveDown(0.5)
    .font('bold')
    .fontSize(14)
    .text(`お支払額合計 ${yenText(s.amount)}`, { align: 'right' });
  doc
    .moveDown(1)
    .font('regular')
    .fontSize(8)
    .text(
      '時間報酬は分の合計に時給を乗じ60で除して円未満切り捨て、出来高は件数×単価×配分率で円未満切り捨てです。',
    );
  return pdfBytes(doc);
}
