/**
 * Japanese dates (和暦 and Western) to ISO `YYYY-MM-DD`. Pure code with no imports, so the task view can
 * use it in the browser too.
 */

interface Era {
  ja: string;
  en: string;
  /** The one-letter abbreviation used on forms: R6.4.1. */
  letter: string;
  /** The first day of the era (ISO). */
  start: string;
}

export const ERAS: readonly Era[] = [
  { ja: '明治', en: 'Meiji', letter: 'M', start: '1868-01-25' },
  { ja: '大正', en: 'Taisho', letter: 'T', start: '1912-07-30' },
  { ja: '昭和', en: 'Showa', letter: 'S', start: '1926-12-25' },
  { ja: '平成', en: 'Heisei', letter: 'H', start: '1989-01-08' },
  { ja: '令和', en: 'Reiwa', letter: 'R', start: '2019-05-01' },
];

/** Japan used the lunar calendar until 明治5年12月2日; the solar calendar began on 明治6年1月1日. */
export const SOLAR_CALENDAR_START = '1873-01-01';

export type DateResult = { ok: true; iso: string } | { ok: false; message: string };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoOf = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const dayBefore = (iso: string) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const eraYearText = (era: Era, year: number) => `${era.ja}${year === 1 ? '元' : year}年`;

function eraOf(token: string): Era | undefined {
  const t = token.toUpperCase();
  return ERAS.find((e) => e.ja === token || e.ja[0] === token || e.letter === t);
}

// Either 年・月・日 or the same separator twice (. / -): 令和6年4月1日, R06/04/01, 2024-04-01.
const ERA_DATE =
  /^(明治|大正|昭和|平成|令和|[明大昭平令MTSHR])(元|\d{1,2})(?:年(\d{1,2})月(\d{1,2})日|([./-])(\d{1,2})\5(\d{1,2}))$/i;
const WESTERN_DATE = /^(\d{4})(?:年(\d{1,2})月(\d{1,2})日|([./-])(\d{1,2})\4(\d{1,2}))$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

const fail = (ja: string, en: string): DateResult => ({ ok: false, message: `${ja} / ${en}` });

function calendarDate(y: number, m: number, d: number, shown: string): DateResult {
  if (m < 1 || m > 12) return fail(`${shown}: ${m}月はありません`, `there is no month ${m}`);
  const last = daysInMonth(y, m);
  if (d < 1 || d > last)
    return fail(
      `${shown}は存在しない日付です（${m}月は${last}日まで）`,
      `no such date: month ${m} has ${last} days`,
    );
  return { ok: true, iso: isoOf(y, m, d) };
}

/**
 * Parses a date as people write it on Japanese forms: 令和6年4月1日, 令和元年5月1日, R6.4.1, R06/04/01,
 * H31.4.30, 平成31年4月30日, 2024/4/1, 2024-04-01, 2024年4月1日, 20240401, in full-width digits too
 * (NFKC first, which also turns ㋿ and ㍻ into 令和 and 平成). Refuses impossible dates and era dates outside
 * their era (平成31年5月1日 is 令和元年5月1日), and dates before the solar calendar (明治6年 = 1873).
 */
export function parseJapaneseDate(input: string): DateResult {
  const text = input.normalize('NFKC').replace(/\s+/g, '');
  if (text === '') return fail('日付が入力されていません', 'no date given');
  const era = ERA_DATE.exec(text);
  if (era) {
    const info = eraOf(era[1] as string) as Era;
    const year = era[2] === '元' ? 1 : Number(era[2]);
    const month = Number(era[3] ?? era[6]);
    const day = Number(era[4] ?? era[7]);
    const shown = `${eraYearText(info, year)}${month}月${day}日`;
    if (year < 1) return fail(`${info.ja}0年はありません（最初の年は元年）`, `${info.en} starts at year 1`);
    const start = Number(info.start.slice(0, 4));
    const parsed = calendarDate(start + year - 1, month, day, shown);
    if (!parsed.ok) return parsed;
    if (parsed.iso < SOLAR_CALENDAR_START)
      return fail(
        `${shown}は太陽暦（明治6年1月1日）より前の日付です`,
        'dates before 1873-01-01 (Meiji 6) were in the lunar calendar',
      );
    if (parsed.iso < info.start)
      return fail(
        `${shown}は${info.ja}の始まり（${info.start}）より前です`,
        `${info.en} began on ${info.start}`,
      );
    const next = ERAS[ERAS.indexOf(info) + 1];
    if (next && parsed.iso >= next.start)
      return fail(
        `${shown}は${next.ja}です（${info.ja}は${dayBefore(next.start)}まで、${formatEraDate(parsed.iso)}）`,
        `${info.en} ended on ${dayBefore(next.start)}; this date is in ${next.en}`,
      );
    return parsed;
  }
  const western = WESTERN_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (western) {
    const year = Number(western[1]);
    const month = Number(western[2] ?? western[5]);
    const day = Number(western[3] ?? western[6]);
    return calendarDate(year, month, day, `${year}年${month}月${day}日`);
  }
  return fail(
    '日付として読めません（例: 令和6年4月1日、R6.4.1、2024/4/1）',
    'not a date (e.g. 令和6年4月1日, R6.4.1, 2024/4/1)',
  );
}

/** `2024-04-01` → `令和6年4月1日` (the first year as 元年). Throws for dates before 明治. */
export function formatEraDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`ISO の日付ではありません / not an ISO date: ${iso}`);
  const era = [...ERAS].reverse().find((e) => iso >= e.start);
  if (!era) throw new Error(`明治より前の日付です / before the Meiji era: ${iso}`);
  const year = Number(match[1]) - Number(era.start.slice(0, 4)) + 1;
  return `${eraYearText(era, year)}${Number(match[2])}月${Number(match[3])}日`;
}
