import { type XlsxCell, xlsx } from '@kado/plugin-sdk';
import { FUNDING_SOURCE_LABELS } from './budget.rules.js';
import type { BudgetService, FundingSource } from './budget.service.js';

type Year = Awaited<ReturnType<BudgetService['year']>>;
type Report = Awaited<ReturnType<BudgetService['report']>>;
type Movements = Awaited<ReturnType<BudgetService['movements']>>;

const KIND_LABELS: Record<string, string> = {
  budget: '予算・補正 / Budget',
  commitment: '執行予定 / Commitment',
  release: '予定の消込 / Release',
  actual: '執行済 / Actual',
};
const source = (s: FundingSource) => `${FUNDING_SOURCE_LABELS[s].ja} / ${FUNDING_SOURCE_LABELS[s].en}`;
const asDate = (ymd: string) => new Date(`${ymd}T00:00:00Z`);

/**
 * A fiscal year's budget as an xlsx workbook streamed by the SDK's writer: 予算 (lines), 月別 (months ×
 * funding sources, expense lines) and 明細 (every movement). Amounts are integer yen.
 */
export function budgetWorkbook(
  year: Year,
  report: Report,
  movements: Movements,
  centre: string,
): AsyncGenerator<Uint8Array> {
  const sources = report.bySource.map((s) => s.fundingSource);
  const lines: XlsxCell[][] = [
    ...year.lines.map((l) => [
      l.account,
      l.accountNameJa,
      source(l.fundingSource),
      l.budget,
      l.committed,
      l.actual,
      l.available,
      l.note ?? '',
    ]),
    [
      '合計（支出） / Total (expense)',
      '',
      '',
      year.totals.budget,
      year.totals.committed,
      year.totals.actual,
      year.totals.available,
      '',
    ],
  ];
  const months: XlsxCell[][] = [
    ...report.months.map((m) => [
      m.month,
      ...sources.flatMap((s) => [m.bySource[s].committed, m.bySource[s].actual]),
      m.committed,
      m.actual,
    ]),
    [],
    ['財源別 / By source', '予算 / Budget', '執行予定 / Committed', '執行済 / Actual', '残額 / Available'],
    ...report.bySource.map((s) => [source(s.fundingSource), s.budget, s.committed, s.actual, s.available]),
  ];
  return xlsx([
    {
      name: '予算 Lines',
      columns: [
        { header: '科目コード / Account', width: 16 },
        { header: '科目 / Account name', width: 20 },
        { header: '財源 / Funding source', width: 36 },
        { header: '予算額 / Budget', width: 14 },
        { header: '執行予定 / Committed', width: 14 },
        { header: '執行済 / Actual', width: 14 },
        { header: '残額 / Available', width: 14 },
        { header: '備考 / Note', width: 30 },
      ],
      rows: [[`${centre} ${year.fiscalYear}年度 / FY${year.fiscalYear}`], ...lines],
    },
    {
      name: '月別 Months',
      columns: [
        { header: '月 / Month', width: 10 },
        ...sources.flatMap((s) => [
          {
            header: `${FUNDING_SOURCE_LABELS[s].ja} 執行予定 / ${FUNDING_SOURCE_LABELS[s].en} committed`,
            width: 18,
          },
          {
            header: `${FUNDING_SOURCE_LABELS[s].ja} 執行済 / ${FUNDING_SOURCE_LABELS[s].en} actual`,
            width: 18,
          },
        ]),
        { header: '執行予定 計 / Committed', width: 14 },
        { header: '執行済 計 / Actual', width: 14 },
      ],
      rows: months,
    },
    {
      name: '明細 Movements',
      columns: [
        { header: '日付 / Date', width: 12 },
        { header: '区分 / Kind', width: 22 },
        { header: '科目 / Account', width: 16 },
        { header: '財源 / Funding source', width: 36 },
        { header: '金額 / Amount', width: 14 },
        { header: '摘要 / Memo', width: 36 },
        { header: '発生元 / Source', width: 40 },
        { header: '予算超過の理由 / Override reason', width: 30 },
        { header: '取消対象 / Reverses', width: 38 },
      ],
      rows: movements.map((m) => [
        asDate(m.date),
        KIND_LABELS[m.kind] ?? m.kind,
        m.account,
        source(m.fundingSource),
        m.amount,
        m.memo,
        m.source ? `${m.source.kind}:${m.source.id}` : '',
        m.overrideReason ?? '',
        m.reversesId ?? '',
      ]),
    },
  ]);
}
