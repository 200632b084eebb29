import { type XlsxCell, xlsx } from '@kado/plugin-sdk';
import type { InvoiceDocument } from './invoices.service.js';

const STATUS_LABELS = { draft: '下書き', issued: '発行済', paid: '入金済', void: '取消' } as const;
const asDate = (ymd: string) => new Date(`${ymd}T00:00:00Z`);

/**
 * The invoices of a fiscal year for the city's accounting: one row per invoice and tax rate. Paid and
 * outstanding belong to the whole invoice, so they are on its first row only (a column sum stays right).
 */
export function invoicesWorkbook(
  invoices: readonly InvoiceDocument[],
  fy: number,
  centre: string,
): AsyncGenerator<Uint8Array> {
  const rows: XlsxCell[][] = invoices.flatMap((inv) =>
    inv.totalsByRate.map((t, i) => [
      inv.number,
      asDate(inv.issueDate),
      inv.recipient.name,
      inv.recipient.registrationNumber ?? '',
      `${t.rate}%`,
      t.net,
      t.tax,
      t.gross,
      i === 0 ? inv.paid : null,
      i === 0 ? inv.outstanding : null,
      STATUS_LABELS[inv.status],
    ]),
  );
  const issuer = invoices.find((i) => i.issuer)?.issuer;
  return xlsx([
    {
      name: '請求書 Invoices',
      columns: [
        { header: '請求書番号', width: 12 },
        { header: '請求日', width: 12 },
        { header: '発注者', width: 30 },
        { header: '発注者登録番号', width: 16 },
        { header: '税率', width: 6 },
        { header: '税抜金額', width: 14 },
        { header: '消費税額', width: 12 },
        { header: '税込金額', width: 14 },
        { header: '入金額', width: 14 },
        { header: '未収額', width: 14 },
        { header: '状態', width: 8 },
      ],
      rows,
    },
    {
      name: '概要 Summary',
      columns: [
        { header: '項目', width: 24 },
        { header: '値', width: 40 },
      ],
      rows: [
        ['センター', centre],
        ['年度（4月〜3月）', `${fy}年度`],
        ['発行者', issuer?.name ?? ''],
        ['登録番号', issuer?.registrationNumber ?? ''],
        ['請求書数（取消を含む）', invoices.length],
        [
          '税込金額合計（取消を除く）',
          invoices.filter((i) => i.status !== 'void').reduce((t, i) => t + i.total, 0),
        ],
        ['未収額合計', invoices.reduce((t, i) => t + i.outstanding, 0)],
      ],
    },
  ]);
}
