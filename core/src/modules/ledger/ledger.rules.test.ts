import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  entryProblems,
  type LineInput,
  MAX_LINE_YEN,
  reversalLines,
  STANDARD_ACCOUNTS,
  sumByAccount,
} from './ledger.rules.js';

const CODES = STANDARD_ACCOUNTS.map((a) => a.code);
const KNOWN = new Set(CODES);
const account = fc.constantFrom(...CODES);
/** Up to a billion yen per movement, so even 100 movements stay within one line's bound. */
const yen = fc.integer({ min: 1, max: 1_000_000_000 });

/** A balanced entry: movements of `amount` from one account to another, as shuffled debit/credit lines. */
const balancedEntry = fc
  .array(fc.record({ debit: account, credit: account, amount: yen }), { minLength: 1, maxLength: 50 })
  .chain((moves) =>
    fc.shuffledSubarray(
      moves.flatMap((m): LineInput[] => [
        { account: m.debit, amount: m.amount },
        { account: m.credit, amount: -m.amount },
      ]),
      { minLength: moves.length * 2, maxLength: moves.length * 2 },
    ),
  );

const total = (lines: readonly LineInput[]) => lines.reduce((t, l) => t + l.amount, 0);

describe('journal entry rules (property-based)', () => {
  it('accepts every balanced entry of non-zero integer yen on known accounts', () => {
    fc.assert(
      fc.property(balancedEntry, (lines) => {
        expect(total(lines)).toBe(0);
        expect(entryProblems(lines, KNOWN)).toEqual([]);
      }),
    );
  });

  it('refuses a balanced entry with any one line moved by a non-zero number of yen', () => {
    fc.assert(
      fc.property(
        balancedEntry,
        fc.nat(),
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).filter((d) => d !== 0),
        (lines, pick, delta) => {
          const i = pick % lines.length;
          const moved = lines.map((l, j) => (j === i ? { ...l, amount: l.amount + delta } : l));
          const errors = entryProblems(moved, KNOWN);
          expect(errors.length).toBeGreaterThan(0);
          const amount = moved[i]!.amount;
          if (amount === 0) {
            // The line became 0 yen: refused for that, pointing at the line.
            expect(errors).toContainEqual(expect.objectContaining({ pointer: `/body/lines/${i}/amount` }));
          } else {
            const unbalanced = errors.find((e) => e.code === 'unbalanced');
            expect(unbalanced?.pointer).toBe('/body/lines');
            expect(unbalanced?.detail).toContain(`differ by ${delta} yen`);
          }
        },
      ),
    );
  });

  it('refuses fractional, zero, oversized and unknown-account lines with a pointer to each', () => {
    fc.assert(
      fc.property(
        balancedEntry,
        fc.nat(),
        fc.oneof(
          fc.double({ noInteger: true, noNaN: true, min: -1e6, max: 1e6 }),
          fc.constant(0),
          fc.constant(Number.NaN),
          fc.integer({ min: MAX_LINE_YEN + 1, max: Number.MAX_SAFE_INTEGER }),
        ),
        (lines, pick, bad) => {
          const i = pick % lines.length;
          const broken = lines.map((l, j) => (j === i ? { ...l, amount: bad } : l));
          expect(entryProblems(broken, KNOWN).map((e) => e.pointer)).toContain(`/body/lines/${i}/amount`);
          const unknown = lines.map((l, j) => (j === i ? { ...l, account: 'petty_cash' } : l));
          expect(entryProblems(unknown, KNOWN)).toEqual([
            expect.objectContaining({ pointer: `/body/lines/${i}/account`, code: 'unknown_account' }),
          ]);
        },
      ),
    );
  });

  it('refuses an entry of fewer than two lines, even one that "sums" to zero', () => {
    expect(entryProblems([], KNOWN).map((e) => e.code)).toEqual(['too_few_lines']);
    expect(entryProblems([{ account: 'cash', amount: 1 }], KNOWN).map((e) => e.code)).toEqual([
      'too_few_lines',
      'unbalanced',
    ]);
  });

  it('reverses an entry by negating every line: the reversal balances and the pair nets to zero per account', () => {
    fc.assert(
      fc.property(balancedEntry, (lines) => {
        const reversal = reversalLines(lines);
        expect(reversal.map((l) => l.account)).toEqual(lines.map((l) => l.account));
        expect(entryProblems(reversal, KNOWN)).toEqual([]);
        const net = sumByAccount([...lines, ...reversal]);
        for (const code of sumByAccount(lines).keys()) expect(net.get(code)).toBe(0);
      }),
    );
  });

  it('keeps the whole book balanced: any series of entries and reversals sums to zero over all accounts', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(balancedEntry, fc.boolean()), { maxLength: 20 }), (book) => {
        const all = book.flatMap(([lines, reversed]) =>
          reversed ? [...lines, ...reversalLines(lines)] : lines,
        );
        const balances = [...sumByAccount(all).values()];
        expect(balances.reduce((t, b) => t + b, 0)).toBe(0);
      }),
    );
  });
});
