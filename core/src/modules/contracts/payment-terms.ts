/**
 * Payment terms of a worker agreement and the Freelance Act's 60-day rule (フリーランス・事業者間取引適正化等法
 * 第4条): the payment date must be no later than 60 days after the orderer receives the work. Work under a
 * monthly timesheet is received, at the latest, on the closing day of its month, so the rule is checked from
 * the closing date of every month to the payment date that follows it.
 */
export interface PaymentTerms {
  /** Closing day of the month (1–28), or 0 for the month end (月末締め). */
  closingDay: number;
  /** Months after the closing month in which pay falls (0 当月, 1 翌月, 2 翌々月). */
  payMonthOffset: number;
  /** Day of that month (1–28), or 0 for its end (末日払い). */
  payDay: number;
}

export const DEFAULT_PAYMENT_TERMS: PaymentTerms = { closingDay: 0, payMonthOffset: 1, payDay: 0 };
export const MAX_PAYMENT_DAYS = 60;

const DAY_MS = 86_400_000;
const lastDay = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
const dayOf = (year: number, month0: number, day: number) =>
  Date.UTC(year, month0, day === 0 ? lastDay(year, month0) : day);

/** The closing date and payment date for the work of one month (month0 0–11), as UTC-midnight epoch ms. */
export function paymentDates(terms: PaymentTerms, year: number, month0: number) {
  const closing = dayOf(year, month0, terms.closingDay);
  const payMonth = month0 + terms.payMonthOffset;
  const pay = dayOf(year + Math.floor(payMonth / 12), payMonth % 12, terms.payDay);
  return { closing, pay };
}

/**
 * The most days from a closing date to its payment date over a four-year cycle (so February of a leap year
 * is counted); negative when pay would fall before the closing.
 */
export function maxPaymentDays(terms: PaymentTerms): number {
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (let year = 2024; year < 2028; year++)
    for (let m = 0; m < 12; m++) {
      const { closing, pay } = paymentDates(terms, year, m);
      const days = Math.round((pay - closing) / DAY_MS);
      max = Math.max(max, days);
      min = Math.min(min, days);
    }
  return min < 0 ? min : max;
}

/** 月末締め翌月末払い, 20日締め翌月10日払い, … */
export function paymentRuleJa(terms: PaymentTerms): string {
  const closing = terms.closingDay === 0 ? '月末' : `${terms.closingDay}日`;
  const month = ['当月', '翌月', '翌々月'][terms.payMonthOffset] ?? `${terms.payMonthOffset}か月後`;
  const day = terms.payDay === 0 ? '末' : `${terms.payDay}日`;
  return `${closing}締め${month}${day}払い`;
}

/** Null when the terms are lawful; else the bilingual reason they are not. */
export function paymentTermsProblem(terms: PaymentTerms): string | null {
  const days = maxPaymentDays(terms);
  if (days < 0)
    return `支払日が締め日より前になります（${paymentRuleJa(terms)}） / The payment date falls before the closing date`;
  if (days > MAX_PAYMENT_DAYS)
    return `支払期日は締め日（成果の受領日）から60日以内にしてください：${paymentRuleJa(terms)}では最長${days}日後になります / The payment date must be no more than 60 days after the end of the month's work; these terms allow up to ${days} days`;
  return null;
}
