// Totals of a qualified invoice (適格請求書). Consumption tax is computed ONCE per invoice per tax rate, on
// the sum of that rate's line amounts, with the issuer's rounding; never per line (DOMAIN.md: three lines of
// ¥105 at 10 %, rounding down, give ¥315 × 10 % = ¥31, where per-line rounding would give ¥30).
//
// All amounts are integer yen. A line amount is quantity × unit price; either may be negative (a discount or
// a returned item), and rounding is then applied to the magnitude, so that a credit mirrors a charge:
//   down    切り捨て  toward zero
//   up      切り上げ  away from zero
//   half-up 四捨五入  to the nearest yen, a half away from zero
// The arithmetic is exact (BigInt), so no floating-point error can move a yen.

export const TAX_RATES = [10, 8] as const;
export type TaxRate = (typeof TAX_RATES)[number];
export const TAX_ROUNDINGS = ['down', 'up', 'half-up'] as const;
export type TaxRounding = (typeof TAX_ROUNDINGS)[number];

export interface InvoiceItem {
  description: string;
  quantity: number;
  /** Integer yen, tax excluded. */
  unitPrice: number;
  rate: TaxRate;
}

export interface RateTotals {
  rate: TaxRate;
  /** Σ quantity × unitPrice of the lines at this rate, tax excluded. */
  subtotal: number;
  /** round(subtotal × rate / 100), once. */
  tax: number;
  total: number;
}

export interface InvoiceTotals {
  rounding: TaxRounding;
  /** One entry per rate present on the invoice, 10 % first. */
  byRate: RateTotals[];
  subtotal: number;
  tax: number;
  total: number;
}

export class InvoiceTaxError extends RangeError {
  constructor(ja: string, en: string) {
    super(`${ja} / ${en}`);
    this.name = 'InvoiceTaxError';
  }
}

function roundQuotient(numerator: bigint, denominator: bigint, rounding: TaxRounding): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const remainder = magnitude % denominator;
  let rounded = quotient;
  if (rounding === 'up' && remainder > 0n) rounded = quotient + 1n;
  if (rounding === 'half-up' && remainder * 2n >= denominator) rounded = quotient + 1n;
  return negative ? -rounded : rounded;
}

function checkRounding(rounding: TaxRounding): void {
  if (!TAX_ROUNDINGS.includes(rounding)) {
    throw new InvoiceTaxError(
      `端数処理は down, up, half-up のいずれかです (${JSON.stringify(rounding)})`,
      `rounding must be down, up or half-up (${JSON.stringify(rounding)})`,
    );
  }
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new InvoiceTaxError('金額が大きすぎます', 'the amount is too large');
  }
  return Number(value);
}

/** Consumption tax on an integer amount at a rate, rounded once with the given mode. */
export function consumptionTax(amount: number, rate: TaxRate, rounding: TaxRounding): number {
  if (!Number.isSafeInteger(amount)) {
    throw new InvoiceTaxError(
      `金額は整数 (円) が必要です (${amount})`,
      `the amount must be whole yen (${amount})`,
    );
  }
  if (!TAX_RATES.includes(rate)) {
    throw new InvoiceTaxError(`税率は10%か8%です (${rate})`, `the tax rate must be 10 or 8 (${rate})`);
  }
  checkRounding(rounding);
  return toSafeNumber(roundQuotient(BigInt(amount) * BigInt(rate), 100n, rounding));
}

/**
 * Per-rate subtotals, taxes and totals and the invoice's grand totals. Throws an InvoiceTaxError naming the
 * line (from 1) when a quantity or unit price is not an integer or a rate is not 10 or 8.
 */
export function invoiceTotals(items: readonly InvoiceItem[], rounding: TaxRounding): InvoiceTotals {
  checkRounding(rounding);
  const sums = new Map<TaxRate, bigint>();
  items.forEach((item, index) => {
    const line = index + 1;
    for (const key of ['quantity', 'unitPrice'] as const) {
      if (!Number.isSafeInteger(item[key])) {
        throw new InvoiceTaxError(
          `${line} 行目の${key === 'quantity' ? '数量' : '単価'}は整数が必要です (${item[key]})`,
          `line ${line}: ${key === 'quantity' ? 'quantity' : 'unit price'} must be a whole number (${item[key]})`,
        );
      }
    }
    if (!TAX_RATES.includes(item.rate)) {
      throw new InvoiceTaxError(
        `${line} 行目の税率は10%か8%です (${item.rate})`,
        `line ${line}: the tax rate must be 10 or 8 (${item.rate})`,
      );
    }
    sums.set(item.rate, (sums.get(item.rate) ?? 0n) + BigInt(item.quantity) * BigInt(item.unitPrice));
  });

  const byRate: RateTotals[] = [];
  let subtotal = 0n;
  let tax = 0n;
  for (const rate of TAX_RATES) {
    const sum = sums.get(rate);
    if (sum === undefined) continue;
    const rateTax = roundQuotient(sum * BigInt(rate), 100n, rounding);
    subtotal += sum;
    tax += rateTax;
    byRate.push({
      rate,
      subtotal: toSafeNumber(sum),
      tax: toSafeNumber(rateTax),
      total: toSafeNumber(sum + rateTax),
    });
  }
  return {
    rounding,
    byRate,
    subtotal: toSafeNumber(subtotal),
    tax: toSafeNumber(tax),
    total: toSafeNumber(subtotal + tax),
  };
}
