import { type XlsxCell, xlsx } from '@kado/plugin-sdk';
import { PLACEMENT_KINDS, PLACEMENT_LABELS } from './growth.schemas.js';
import type { GrowthService } from './growth.service.js';

type Report = Awaited<ReturnType<GrowthService['report']>>;

const label = (kind: keyof typeof PLACEMENT_LABELS) =>
  `${PLACEMENT_LABELS[kind].ja} / ${PLACEMENT_LABELS[kind].en}`;
const asDate = (ymd: string) => new Date(`${ymd}T00:00:00Z`);

/**
 * The growth report for the city, as an xlsx workbook streamed by the SDK's writer: 概要 Summary (period,
 * totals, a monthly series), ワーカー別 Workers, 就労実績 Placements.
 */
export function growthWorkbook(report: Report, centre: string): AsyncGenerator<Uint8Array> {
  const t = report.totals;
  const summary: XlsxCell[][] = [
    ['センター / Centre', centre],
    ['期間（開始） / From', asDate(report.from)],
    ['期間（終了） / To', asDate(report.to)],
    ['ワーカー数 / Workers', t.workers],
    ['稼働ワーカー数 / Active workers', t.activeWorkers],
    ['時間（承認済み作業の見積） / Hours (estimated, accepted work)', t.hours],
    ['時間（承認済み勤務表） / Hours (approved timesheets)', t.approvedHours],
    ['研修修了 / Trainings completed', t.trainings],
    ['タスク数 / Tasks', t.tasks],
    ...PLACEMENT_KINDS.map((k) => [label(k), t.placements[k]]),
    [],
    ['月 / Month', '時間 / Hours', 'タスク / Tasks', '就労実績 / Placements'],
    ...report.months.map((m) => [m.month, m.hours, m.tasks, m.placements]),
  ];
  const names = new Map(report.workers.map((w) => [w.userId, w.displayName]));
  return xlsx([
    {
      name: '概要 Summary',
      columns: [
        { header: '項目 / Item', width: 44 },
        { header: '値 / Value', width: 16 },
        { header: '', width: 12 },
        { header: '', width: 18 },
      ],
      rows: summary,
    },
    {
      name: 'ワーカー別 Workers',
      columns: [
        { header: '表示名 / Name', width: 24 },
        { header: '時間 / Hours', width: 12 },
        { header: '承認済み時間 / Approved hours', width: 14 },
        { header: '研修 / Trainings', width: 10 },
        { header: 'タスク / Tasks', width: 12 },
        { header: '精度（作業種別） / Accuracy by work type', width: 40 },
        { header: '就労実績 / Placements', width: 14 },
      ],
      rows: report.workers.map((w) => [
        w.displayName,
        w.hours,
        w.approvedHours,
        w.trainings,
        w.tasks,
        w.accuracy
          .map((a) => `${a.workType}: ${a.accuracy === null ? '-' : `${a.accuracy}%`} (n=${a.scored})`)
          .join('; '),
        w.placements.length,
      ]),
    },
    {
      name: '就労実績 Placements',
      columns: [
        { header: '表示名 / Name', width: 24 },
        { header: '区分 / Outcome', width: 36 },
        { header: '就職先 / Employer', width: 28 },
        { header: '日付 / Date', width: 12 },
        { header: 'メモ / Note', width: 40 },
      ],
      rows: report.workers
        .flatMap((w) => w.placements)
        .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn))
        .map((p) => [
          names.get(p.userId) ?? '',
          label(p.kind),
          p.employerName ?? '',
          asDate(p.occurredOn),
          p.note,
        ]),
    },
  ]);
}
