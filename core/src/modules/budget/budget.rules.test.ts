import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyMovements,
  chargeMovements,
  clampToFiscalYear,
  decideCharge,
  fiscalYearMonths,
  fiscalYearOf,
  fiscalYearRange,
  type LineStatus,
  lineStatus,
  type Movement,
  pickSource,
  reversalMovements,
  SOURCE_PRIORITY,
  shortfall,
} from './budget.rules.js';

const yen = fc.integer({ min: 1, max: 100_000_000 });
const date = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const status = fc
  .record({
    budget: fc.integer({ min: 0, max: 100_000_000 }),
    committed: fc.integer({ min: -10_000_000, max: 100_000_000 }),
    actual: fc.integer({ min: -10_000_000, max: 100_000_000 }),
  })
  .map((s): LineStatus => ({ ...s, available: s.budget - s.committed - s.actual }));

describe('fiscal years (April–March)', () => {
  it('puts every date in the year whose range and twelve months contain it', () => {
    fc.assert(
      fc.property(date, (d) => {
        const fy = fiscalYearOf(d);
        const { from, to } = fiscalYearRange(fy);
        expect(d >= from && d <= to).toBe(true);
        const months = fiscalYearMonths(fy);
        expect(months).toHaveLength(12);
        expect(months[0]).toBe(`${fy}-04`);
        expect(months[11]).toBe(`${fy + 1}-03`);
        expect(months).toContain(d.slice(0, 7));
        expect(clampToFiscalYear(d, fy)).toBe(d);
        expect(fiscalYearOf(clampToFiscalYear(d, fy + 1))).toBe(fy + 1);
      }),
    );
    expect(fiscalYearOf('2026-03-31')).toBe(2025);
    expect(fiscalYearOf('2026-04-01')).toBe(2026);
  });
});

/** An independent statement of the limit: committed + actual may rise only up to the budget. */
function oracleRefuses(s: LineStatus, kind: 'commitment' | 'actual', amount: number) {
  const used = s.committed + s.actual;
  const release = kind === 'actual' ? Math.min(amount, Math.max(s.committed, 0)) : 0;
  const after = used + amount - release;
  return after > used && after > s.budget;
}

describe('the over-budget check', () => {
  it('refuses exactly when a controlled expense line would go over budget without an override', () => {
    fc.assert(
      fc.property(
        status,
        fc.constantFrom('commitment' as const, 'actual' as const),
        yen,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (s, kind, amount, controlled, expense, override) => {
          const decision = decideCharge({ controlled, expense, status: s, kind, amount, override });
          const over = oracleRefuses(s, kind, amount);
          expect(decision).toBe(
            !controlled || !expense || !over ? 'record' : override ? 'override' : 'refuse',
          );
          if (over) {
            const after = applyMovements(s, chargeMovements(s, kind, amount));
            expect(shortfall(s, kind, amount)).toBe(after.committed + after.actual - after.budget);
            expect(shortfall(s, kind, amount)).toBeGreaterThan(0);
          } else expect(shortfall(s, kind, amount)).toBe(0);
        },
      ),
    );
  });

  it('settles open commitments first: an actual releases min(actual, open commitment)', () => {
    fc.assert(
      fc.property(status, yen, (s, amount) => {
        const moves = chargeMovements(s, 'actual', amount);
        const release = moves.find((m) => m.kind === 'release')?.amount ?? 0;
        expect(release).toBe(Math.min(amount, Math.max(s.committed, 0)));
        const after = applyMovements(s, moves);
        expect(after.actual).toBe(s.actual + amount);
        expect(after.committed).toBe(s.committed - release);
      }),
    );
  });

  it('picks the first line in priority order with room, when one has room', () => {
    fc.assert(
      fc.property(fc.tuple(status, status, status), yen, (statuses, amount) => {
        const candidates = SOURCE_PRIORITY.map((source, i) => ({ source, status: statuses[i]! }));
        const picked = pickSource(candidates, 'commitment', amount);
        const firstFit = candidates.find((c) => !oracleRefuses(c.status, 'commitment', amount));
        if (firstFit) expect(picked).toBe(firstFit.source);
        else expect(SOURCE_PRIORITY).toContain(picked);
      }),
    );
  });
});

// --- a whole year, simulated: any sequence of budgets, adjustments, charges, reversals and overrides ---

const LINES = 3;
type Op =
  | { op: 'budget'; line: number; amount: number }
  | { op: 'charge'; line: number; kind: 'commitment' | 'actual'; amount: number; override: boolean }
  | { op: 'reverse'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('budget' as const),
    line: fc.nat(LINES - 1),
    amount: fc.integer({ min: -50_000_000, max: 100_000_000 }),
  }),
  fc.record({
    op: fc.constant('charge' as const),
    line: fc.nat(LINES - 1),
    kind: fc.constantFrom('commitment' as const, 'actual' as const),
    amount: yen,
    override: fc.boolean(),
  }),
  fc.record({ op: fc.constant('reverse' as const), pick: fc.nat() }),
);

interface Row extends Movement {
  line: number;
  source: number | null;
  reverses: number | null;
  override: boolean;
}

/** Runs the ops as the service does; returns every movement written and whether any charge was refused. */
function simulate(ops: readonly Op[], allowOverride: boolean) {
  const rows: Row[] = [];
  let nextSource = 0;
  let refusals = 0;
  const statusOf = (line: number) => lineStatus(rows.filter((r) => r.line === line));
  for (const o of ops) {
    if (o.op === 'budget') {
      const s = statusOf(o.line);
      // An adjustment may not take a line below what is committed and spent (nor below 0).
      if (s.budget + o.amount < Math.max(0, s.committed + s.actual) || o.amount === 0) continue;
      rows.push({
        kind: 'budget',
        amount: o.amount,
        line: o.line,
        source: null,
        reverses: null,
        override: false,
      });
    } else if (o.op === 'charge') {
      const s = statusOf(o.line);
      const override = allowOverride && o.override;
      const decision = decideCharge({
        controlled: true,
        expense: true,
        status: s,
        kind: o.kind,
        amount: o.amount,
        override,
      });
      if (decision === 'refuse') {
        refusals++;
        continue;
      }
      const source = nextSource++;
      for (const m of chargeMovements(s, o.kind, o.amount))
        rows.push({ ...m, line: o.line, source, reverses: null, override: decision === 'override' });
    } else {
      // Reverse one source: every movement of it not yet reversed, negated.
      const sources = [...new Set(rows.filter((r) => r.source !== null).map((r) => r.source!))];
      if (sources.length === 0) continue;
      const source = sources[o.pick % sources.length]!;
      const reversed = new Set(rows.map((r) => r.reverses));
      const open = rows
        .map((r, i) => [r, i] as const)
        .filter(([r, i]) => r.source === source && r.reverses === null && !reversed.has(i));
      for (const [r, i] of open) rows.push({ ...reversalMovements([r])[0]!, reverses: i });
    }
  }
  return { rows, refusals, statusOf };
}

describe('budget arithmetic (property-based)', () => {
  const ops = fc.array(opArb, { maxLength: 60 });

  it('never loses a yen: for every line budget = available + committed + actual, totals = sum of movements', () => {
    fc.assert(
      fc.property(ops, fc.boolean(), (list, allowOverride) => {
        const { rows, statusOf } = simulate(list, allowOverride);
        const statuses = Array.from({ length: LINES }, (_, i) => statusOf(i));
        for (const s of statuses) expect(s.budget).toBe(s.available + s.committed + s.actual);
        const total = (k: keyof LineStatus) => statuses.reduce((t, s) => t + s[k], 0);
        const sumOf = (kind: Movement['kind']) =>
          rows.filter((r) => r.kind === kind).reduce((t, r) => t + r.amount, 0);
        expect(total('budget')).toBe(sumOf('budget'));
        expect(total('committed')).toBe(sumOf('commitment') - sumOf('release'));
        expect(total('actual')).toBe(sumOf('actual'));
        expect(lineStatus(rows)).toEqual({
          budget: total('budget'),
          committed: total('committed'),
          actual: total('actual'),
          available: total('available'),
        });
      }),
    );
  });

  it('without overrides keeps every line within its budget; overrides are the only way over', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const { statusOf, rows } = simulate(list, false);
        for (let i = 0; i < LINES; i++) {
          const s = statusOf(i);
          expect(s.committed + s.actual).toBeLessThanOrEqual(s.budget);
        }
        expect(rows.some((r) => r.override)).toBe(false);
      }),
    );
  });

  it('reversing every source returns committed and actual to zero, leaving the budget', () => {
    fc.assert(
      fc.property(ops, fc.boolean(), (list, allowOverride) => {
        const { rows, statusOf } = simulate(list, allowOverride);
        const budgets = Array.from({ length: LINES }, (_, i) => statusOf(i).budget);
        const reversed = new Set(rows.map((r) => r.reverses));
        const open = rows.filter((r, i) => r.source !== null && r.reverses === null && !reversed.has(i));
        rows.push(...reversalMovements(open));
        for (let i = 0; i < LINES; i++) {
          const s = lineStatus(rows.filter((r) => r.line === i));
          expect(s.committed).toBe(0);
          expect(s.actual).toBe(0);
          expect(s.budget).toBe(budgets[i]);
          expect(s.available).toBe(budgets[i]);
        }
      }),
    );
  });

  it('a reversal is the negation: the pair nets to zero kind by kind', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom(
              'budget' as const,
              'commitment' as const,
              'release' as const,
              'actual' as const,
            ),
            amount: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
          }),
        ),
        (moves) => {
          const net = lineStatus([...moves, ...reversalMovements(moves)]);
          expect(net).toEqual({ budget: 0, committed: 0, actual: 0, available: 0 });
        },
      ),
    );
  });
});
