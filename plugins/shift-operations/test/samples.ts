import type { ContractSamples } from '@kado/plugin-sdk/testing';

/** AIオンデマンドバスのオペレーター 2 名、平日 7:00–20:00. */
export const busOperations = {
  service: { ja: 'AIオンデマンドバス オペレーション', en: 'AI on-demand bus operations' },
  place: 'centre',
  slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:00', end: '20:00', staff: 2 }],
};

export const shift = { date: '2026-04-01', start: '07:00', end: '11:00', seat: 1, place: 'centre' } as const;

export const report = {
  startedAt: '06:55',
  endedAt: '11:05',
  breakMinutes: 15,
  handled: 42,
  incidents: '',
  notes: '予約システムの応答が 10 分ほど遅延',
};

export const samples: ContractSamples = {
  tasks: [shift, { date: '2026-04-04', start: '13:00', end: '17:30', seat: 2, place: 'home' }],
  submissions: [report, { startedAt: '13:00', endedAt: '17:30', handled: 0 }],
  orderParameters: busOperations,
  imports: {
    calendar: {
      input: 'date\n2026-04-01\r\n2026/4/2\n',
      badInput: '日付\n2026-04-01\n2026-02-30\n',
      badRow: 3,
    },
    csv: {
      input: 'date,start,end,staff,place\n2026-04-01,09:00,12:00,2,centre\n2026/04/02,13:00,17:00,1,\n',
      badInput: 'date,start,end,staff\n2026-04-01,09:00,12:00,2\n2026-04-02,17:00,13:00,1\n',
      badRow: 3,
    },
  },
  accepted: [
    { task: shift, submission: report },
    {
      task: { ...shift, seat: 2 },
      submission: { ...report, breakMinutes: 0 },
    },
  ],
};
