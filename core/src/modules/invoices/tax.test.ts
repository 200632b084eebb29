import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consumptionTax,
  type InvoiceItem,
  InvoiceTaxError,
  invoiceTotals,
  TAX_ROUNDINGS,
  type TaxRate,
  type TaxRounding,
} from './tax.js';

// Reference rounding of amount × rate / 100, written independently of tax.ts with plain integer arithmetic
// (amounts in the generators stay far below 2^53 / 10).
function reference(amount: number, rate: number, rounding: TaxRounding): number {
  const product = Math.abs(amount * rate);
  const remainder = product % 100;
  const down = (product - remainder) / 100;
  const magnitude =
    rounding === 'down'
      ? down
      : rounding === 'up'
        ? down + (remainder > 0 ? 1 : 0)
        : down + (remainder >= 50 ? 1 : 0);
  return amount < 0 ? -magnitude : magnitude;
}

const line = (quantity: number, unitPrice: number, rate: TaxRate): InvoiceItem => ({
  description: '作業',
  quantity,
  unitPrice,
  rate,
});

describe('invoiceTotals', () => {
  it('rounds once per rate: three lines of ¥105 at 10 %, rounding down, give ¥31 (not ¥30)', () => {
    const items = [line(1, 105, 10), line(1, 105, 10), line(1, 105, 10)];
    const totals = invoiceTotals(items, 'down');
    expect(totals.byRate).toEqual([{ rate: 10, subtotal: 315, tax: 31, total: 346 }]);
    expect(totals).toMatchObject({ subtotal: 315, tax: 31, total: 346 });
    const perLine = items.reduce((sum, item) => sum + consumptionTax(item.unitPrice, 10, 'down'), 0);
    expect(perLine).toBe(30);
  });

  it('applies the chosen rounding to each rate separately and lists 10 % before 8 %', () => {
    const items = [line(3, 333, 8), line(2, 1_005, 10), line(1, 99, 8)];
    // 10 %: 2,010 → 201 exactly. 8 %: 1,098 → 87.84.
    expect(invoiceTotals(items, 'down').byRate).toEqual([
      { rate: 10, subtotal: 2_010, tax: 201, total: 2_211 },
      { rate: 8, subtotal: 1_098, tax: 87, total: 1_185 },
    ]);
    expect(invoiceTotals(items, 'up').byRate[1]).toEqual({ rate: 8, subtotal: 1_098, tax: 88, total: 1_186 });
    expect(invoiceTotals(items, 'half-up').byRate[1]!.tax).toBe(88);
    expect(invoiceTotals(items, 'half-up').total).toBe(2_211 + 1_186);
  });

  it('rounds a half up only in half-up mode', () => {
    expect(consumptionTax(315, 10, 'half-up')).toBe(32);
    expect(consumptionTax(315, 10, 'down')).toBe(31);
    expect(consumptionTax(314, 10, 'half-up')).toBe(31);
    expect(consumptionTax(1_250, 8, 'half-up')).toBe(100);
    expect(consumptionTax(1_256, 8, 'half-up')).toBe(100); // 100.48
    expect(consumptionTax(1_257, 8, 'half-up')).toBe(101); // 100.56
  });

  it('mirrors a charge for a credit (rounding on the magnitude)', () => {
    expect(consumptionTax(-315, 10, 'down')).toBe(-31);
    expect(consumptionTax(-315, 10, 'up')).toBe(-32);
    expect(invoiceTotals([line(3, 105, 10), line(-1, 105, 10)], 'down').byRate[0]).toEqual({
      rate: 10,
      subtotal: 210,
      tax: 21,
      total: 231,
    });
  });

  it('gives empty totals for no items', () => {
    expect(invoiceTotals([], 'down')).toEqual({
      rounding: 'down',
      byRate: [],
      subtotal: 0,
      tax: 0,
      total: 0,
    });
  });

  it('stays exact beyond floating point: ¥9,007,199,254,740 at 10 %', () => {
    // 9,007,199,254,740 × 10 = 90,071,992,547,400 > 2^53: computed with BigInt.
    expect(invoiceTotals([line(1, 9_007_199_254_740, 10)], 'down').tax).toBe(900_719_925_474);
  });

  it.each([
    ['a fractional quantity', [line(1.5, 100, 10)], /1 行目の数量は整数が必要です .* line 1: quantity/],
    ['a fractional unit price', [line(1, 100, 10), line(1, 99.9, 8)], /2 行目の単価.* line 2: unit price/],
    ['an unknown rate', [line(1, 100, 5 as TaxRate)], /税率は10%か8%です .* the tax rate must be 10 or 8/],
  ])('refuses %s with a bilingual message', (_label, items, message) => {
    expect(() => invoiceTotals(items, 'down')).toThrow(InvoiceTaxError);
    expect(() => invoiceTotals(items, 'down')).toThrow(message);
  });

  it('refuses an unknown rounding mode', () => {
    expect(() => invoiceTotals([], 'nearest' as TaxRounding)).toThrow(/端数処理.* \/ rounding must be/);
  });
});

describe('invoiceTotals properties', () => {
  const fields = {
    description: fc.constant('品目'),
    quantity: fc.integer({ min: 0, max: 1_000 }),
    unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
    rate: fc.constantFrom(10 as const, 8 as const),
  };
  const item = fc.record(fields);
  const items = fc.array(item, { maxLength: 30 });
  const rounding = fc.constantFrom(...TAX_ROUNDINGS);

  it('taxes each rate once: round(Σ line amounts × rate), not Σ round(line × rate)', () => {
    let differed = 0;
    fc.assert(
      fc.property(items, rounding, (list, mode) => {
        const totals = invoiceTotals(list, mode);
        for (const { rate, subtotal, tax, total } of totals.byRate) {
          const lines = list.filter((i) => i.rate === rate);
          expect(subtotal).toBe(lines.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0));
          expect(tax).toBe(reference(subtotal, rate, mode));
          expect(total).toBe(subtotal + tax);
          const perLine = lines.reduce((sum, i) => sum + reference(i.quantity * i.unitPrice, rate, mode), 0);
          if (perLine !== reference(subtotal, rate, mode)) {
            differed++;
            expect(tax).not.toBe(perLine);
          }
        }
        expect(totals.byRate.map((r) => r.rate)).toEqual(
          ([10, 8] as const).filter((r) => list.some((i) => i.rate === r)),
        );
      }),
      { numRuns: 500 },
    );
    // The generators do produce invoices where per-line rounding would be wrong.
    expect(differed).toBeGreaterThan(0);
  });

  it('never loses a yen: grand total = Σ subtotals + Σ taxes, every amount an integer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ...fields, quantity: fc.integer({ min: -50, max: 50 }) }), { maxLength: 30 }),
        rounding,
        (list, mode) => {
          const totals = invoiceTotals(list, mode);
          const subtotals = totals.byRate.reduce((sum, r) => sum + r.subtotal, 0);
          const taxes = totals.byRate.reduce((sum, r) => sum + r.tax, 0);
          expect(totals.subtotal).toBe(subtotals);
          expect(totals.tax).toBe(taxes);
          expect(totals.total).toBe(subtotals + taxes);
          expect(totals.subtotal).toBe(list.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0));
          for (const value of [
            totals.subtotal,
            totals.tax,
            totals.total,
            ...totals.byRate.flatMap((r) => [r.subtotal, r.tax, r.total]),
          ]) {
            expect(Number.isInteger(value)).toBe(true);
          }
        },
      ),
    );
  });

  it('orders the modes: down ≤ half-up ≤ up ≤ down + 1 for each rate', () => {
    fc.assert(
      fc.property(items, (list) => {
        const [down, halfUp, up] = (['down', 'half-up', 'up'] as const).map(
          (mode) => invoiceTotals(list, mode).byRate,
        );
        down!.forEach((d, i) => {
          expect(d.tax).toBeLessThanOrEqual(halfUp![i]!.tax);
          expect(halfUp![i]!.tax).toBeLessThanOrEqual(up![i]!.tax);
          expect(up![i]!.tax - d.tax).toBeLessThanOrEqual(1);
        });
      }),
    );
  });
});
