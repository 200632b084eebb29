import type { FieldError } from '../../kernel/problems.js';
import type { AccountKind } from './ledger.tables.js';

/** The pure rules of a journal entry: no database, so they can be checked on generated entries. */

export interface LineInput {
  account: string;
  /** Integer yen: positive = debit, negative = credit. */
  amount: number;
}

/** The largest amount of one line (the database has the same bound): sums stay exact in JS numbers. */
export const MAX_LINE_YEN = 1_000_000_000_000;
export const MAX_LINES = 200;

export interface StandardAccount {
  code: string;
  nameJa: string;
  nameEn: string;
  kind: AccountKind;
}

/** The accounts every centre starts with (seeded on first use). */
export const STANDARD_ACCOUNTS: readonly StandardAccount[] = [
  { code: 'cash', nameJa: '現金', nameEn: 'Cash', kind: 'asset' },
  {
    code: 'receivables_clients',
    nameJa: '売掛金（発注者）',
    nameEn: 'Receivables from clients',
    kind: 'asset',
  },
  {
    code: 'payables_workers',
    nameJa: '未払金（ワーカー）',
    nameEn: 'Payables to workers',
    kind: 'liability',
  },
  { code: 'payables_hub', nameJa: '未払金（ハブ）', nameEn: 'Payables to the hub', kind: 'liability' },
  {
    code: 'payables_partners',
    nameJa: '未払金（パートナー）',
    nameEn: 'Payables to partner centres',
    kind: 'liability',
  },
  { code: 'tax_payable', nameJa: '仮受消費税', nameEn: 'Consumption tax received', kind: 'liability' },
  { code: 'receivables_hub', nameJa: '未収金（ハブ）', nameEn: 'Receivables from the hub', kind: 'asset' },
  { code: 'revenue', nameJa: '売上', nameEn: 'Revenue', kind: 'revenue' },
  { code: 'worker_costs', nameJa: '外注費（ワーカー）', nameEn: 'Worker costs', kind: 'expense' },
  { code: 'partner_costs', nameJa: '外注費（パートナー）', nameEn: 'Partner centre costs', kind: 'expense' },
  { code: 'staff_costs', nameJa: '人件費', nameEn: 'Staff costs', kind: 'expense' },
  { code: 'equipment', nameJa: '設備費', nameEn: 'Equipment', kind: 'expense' },
  { code: 'facility', nameJa: '施設費', nameEn: 'Facility', kind: 'expense' },
  { code: 'training', nameJa: '研修費', nameEn: 'Training', kind: 'expense' },
  { code: 'grants', nameJa: '補助金収入', nameEn: 'Grant income', kind: 'revenue' },
];

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

/**
 * What is wrong with an entry's lines, as per-line problem+json errors (pointers under `base`): at least two
 * lines, each a known account and a non-zero integer yen within bounds, and all summing to zero.
 * An empty list means the entry may be posted.
 */
export function entryProblems(
  lines: readonly LineInput[],
  knownAccounts: ReadonlySet<string>,
  base = '/body/lines',
): FieldError[] {
  const errors: FieldError[] = [];
  if (lines.length < 2)
    errors.push({
      pointer: base,
      code: 'too_few_lines',
      detail: '仕訳には2行以上が必要です / An entry needs at least two lines',
    });
  if (lines.length > MAX_LINES)
    errors.push({
      pointer: base,
      code: 'too_many_lines',
      detail: `仕訳は${MAX_LINES}行までです / An entry has at most ${MAX_LINES} lines`,
    });
  let sum = 0;
  let allValid = true;
  lines.forEach((line, i) => {
    if (!knownAccounts.has(line.account))
      errors.push({
        pointer: `${base}/${i}/account`,
        code: 'unknown_account',
        detail: `勘定科目「${line.account}」はありません / Unknown account "${line.account}"`,
      });
    const a = line.amount;
    if (typeof a !== 'number' || !Number.isInteger(a)) {
      allValid = false;
      errors.push({
        pointer: `${base}/${i}/amount`,
        code: 'not_integer_yen',
        detail: '金額は円単位の整数で指定してください / Amounts are whole yen',
      });
    } else if (a === 0) {
      allValid = false;
      errors.push({
        pointer: `${base}/${i}/amount`,
        code: 'zero_amount',
        detail: '金額0円の行は記帳できません / A line cannot be 0 yen',
      });
    } else if (Math.abs(a) > MAX_LINE_YEN) {
      allValid = false;
      errors.push({
        pointer: `${base}/${i}/amount`,
        code: 'amount_too_large',
        detail: `1行の金額は${yen(MAX_LINE_YEN)}までです / At most ${MAX_LINE_YEN} yen per line`,
      });
    } else sum += a;
  });
  if (allValid && lines.length > 0 && sum !== 0)
    errors.push({
      pointer: base,
      code: 'unbalanced',
      detail: `借方と貸方が一致しません（差額 ${yen(sum)}） / Debits and credits differ by ${sum} yen: the lines must sum to zero`,
    });
  return errors;
}

/** The lines of the entry that reverses one: every amount negated, accounts and order kept. */
export const reversalLines = (lines: readonly LineInput[]): LineInput[] =>
  lines.map((l) => ({ account: l.account, amount: -l.amount }));

/** Net amount per account (debit positive) over some lines. */
export function sumByAccount(lines: readonly LineInput[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.account, (out.get(l.account) ?? 0) + l.amount);
  return out;
}
