// 全銀協 総合振込 (Zengin bulk transfer) file: header (1), one data record (2) per payee, trailer (8), end (9).
// Every record is exactly 120 bytes of half-width characters in Shift_JIS (one byte each) and is followed by
// CRLF, the last one included; no EOF mark (0x1A) is written. Numeric fields are right-aligned and
// zero-filled, text fields left-aligned, space-filled and truncated to their length. Layout (length@offset)
// as in DOMAIN.md "Formats and rules that must be exactly right".
//
// Unused fields: 手形交換所番号 (data 4@38) is spaces; 新規コード is '0'; 振込指定区分 and 識別表示 are spaces;
// 顧客コード1/2 are the given digits zero-filled to 10, or spaces when not given. Names are converted with
// toBankKana (bank-kana.ts) and cut at the field's byte length, as banks do (a cut may fall between a kana and
// its ﾞ/ﾟ). A name bank-kana refuses is a validation problem: nothing is built.
import { bankKanaErrorMessage, toBankKana } from './bank-kana.js';

export type AccountType = 1 | 2 | 4 | 9; // 1 普通, 2 当座, 4 貯蓄, 9 その他

export interface ZenginRemitter {
  /** 委託者コード: 10 digits given by the bank. */
  code: string;
  /** 委託者名, converted to half-width kana (40 bytes). */
  name: string;
  /** 振込指定日: a Date (its calendar day in Japan) or 'YYYY-MM-DD'. */
  transferDate: Date | string;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: AccountType;
  accountNumber: string;
}

export interface ZenginPayee {
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: AccountType;
  accountNumber: string;
  /** 受取人名, converted to half-width kana (30 bytes). */
  name: string;
  /** 振込金額: integer yen, 1 to 9,999,999,999. */
  amount: number;
  customerCode1?: string;
  customerCode2?: string;
}

export interface ZenginInput {
  remitter: ZenginRemitter;
  payees: readonly ZenginPayee[];
}

export interface ZenginProblem {
  /**
   * Index of the payee in `payees` (from 0; messages count from 1), or null for the remitter and for the
   * file as a whole (fields 'payees' and 'total').
   */
  payee: number | null;
  field: string;
  message: string;
}

/** Everything wrong with a Zengin input, found before any byte is built. */
export class ZenginValidationError extends Error {
  readonly problems: readonly ZenginProblem[];
  constructor(problems: readonly ZenginProblem[]) {
    super(
      `総合振込ファイルを作成できません / Cannot build the bulk transfer file:\n${problems.map((p) => `- ${p.message}`).join('\n')}`,
    );
    this.name = 'ZenginValidationError';
    this.problems = problems;
  }
}

export const RECORD_LENGTH = 120;
const CRLF = '\r\n';
const MAX_AMOUNT = 9_999_999_999;
const MAX_TOTAL = 999_999_999_999n;
const MAX_COUNT = 999_999;
const ACCOUNT_TYPES: readonly number[] = [1, 2, 4, 9];

// ---------------------------------------------------------------------------------------------- validation

const FIELD_NAMES: Record<string, [string, string]> = {
  code: ['委託者コード', 'remitter code'],
  name: ['名義', 'name'],
  transferDate: ['振込指定日', 'transfer date'],
  bankCode: ['銀行番号', 'bank code'],
  bankName: ['銀行名', 'bank name'],
  branchCode: ['支店番号', 'branch code'],
  branchName: ['支店名', 'branch name'],
  accountType: ['預金種目', 'account type'],
  accountNumber: ['口座番号', 'account number'],
  amount: ['振込金額', 'amount'],
  customerCode1: ['顧客コード1', 'customer code 1'],
  customerCode2: ['顧客コード2', 'customer code 2'],
};

function whereOf(payee: number | null): { ja: string; en: string } {
  return payee === null
    ? { ja: '委託者', en: 'Remitter' }
    : { ja: `振込先 ${payee + 1} 件目`, en: `Payee #${payee + 1}` };
}

class Problems {
  readonly list: ZenginProblem[] = [];
  add(payee: number | null, field: string, ja: string, en: string): void {
    const where = whereOf(payee);
    const [fieldJa, fieldEn] = FIELD_NAMES[field] ?? [field, field];
    this.list.push({
      payee,
      field,
      message: `${where.ja}の${fieldJa}: ${ja} / ${where.en}, ${fieldEn}: ${en}`,
    });
  }
  file(field: string, ja: string, en: string): void {
    this.list.push({ payee: null, field, message: `ファイル: ${ja} / File: ${en}` });
  }
  digits(payee: number | null, field: string, value: unknown, length: number): void {
    if (typeof value !== 'string' || !new RegExp(`^[0-9]{${length}}$`).test(value)) {
      this.add(
        payee,
        field,
        `半角数字${length}桁が必要です (${JSON.stringify(value)})`,
        `must be ${length} digits (${JSON.stringify(value)})`,
      );
    }
  }
  kana(payee: number | null, field: string, value: unknown, required: boolean): void {
    if (typeof value !== 'string') {
      this.add(payee, field, '文字列が必要です', 'must be text');
      return;
    }
    const result = toBankKana(value);
    if (!result.ok) {
      const list = result.invalid.join(', ');
      this.add(payee, field, `使えない文字があります: ${list}`, `characters the bank cannot take: ${list}`);
    } else if (required && result.value === '') {
      this.add(payee, field, '入力してください', 'must not be empty');
    }
  }
  accountType(payee: number | null, value: unknown): void {
    if (typeof value !== 'number' || !ACCOUNT_TYPES.includes(value)) {
      this.add(
        payee,
        'accountType',
        `1, 2, 4, 9 のいずれかが必要です (${JSON.stringify(value)})`,
        `must be 1, 2, 4 or 9 (${JSON.stringify(value)})`,
      );
    }
  }
}

/** 'MMDD' of a Date (calendar day in Asia/Tokyo, UTC+9 without DST) or of a valid 'YYYY-MM-DD'; else null. */
export function transferDateMmdd(value: Date | string): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const tokyo = new Date(value.getTime() + 9 * 3_600_000);
    return `${pad(tokyo.getUTCMonth() + 1, 2)}${pad(tokyo.getUTCDate(), 2)}`;
  }
  if (typeof value !== 'string') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${match[2]}${match[3]}`;
}

/** Every problem in the input (empty when it can be built). */
export function validateZenginInput(input: ZenginInput): ZenginProblem[] {
  const problems = new Problems();
  const r = input.remitter;
  problems.digits(null, 'code', r.code, 10);
  problems.kana(null, 'name', r.name, true);
  if (transferDateMmdd(r.transferDate) === null) {
    problems.add(
      null,
      'transferDate',
      `日付 (YYYY-MM-DD) が正しくありません (${JSON.stringify(r.transferDate)})`,
      `not a valid date (YYYY-MM-DD) (${JSON.stringify(r.transferDate)})`,
    );
  }
  problems.digits(null, 'bankCode', r.bankCode, 4);
  problems.kana(null, 'bankName', r.bankName, false);
  problems.digits(null, 'branchCode', r.branchCode, 3);
  problems.kana(null, 'branchName', r.branchName, false);
  problems.accountType(null, r.accountType);
  problems.digits(null, 'accountNumber', r.accountNumber, 7);

  if (input.payees.length === 0) {
    problems.file('payees', '振込先がありません', 'there are no payees');
  } else if (input.payees.length > MAX_COUNT) {
    problems.file('payees', `振込先は${MAX_COUNT}件までです`, `at most ${MAX_COUNT} payees`);
  }
  let total = 0n;
  input.payees.forEach((p, i) => {
    problems.digits(i, 'bankCode', p.bankCode, 4);
    problems.kana(i, 'bankName', p.bankName, false);
    problems.digits(i, 'branchCode', p.branchCode, 3);
    problems.kana(i, 'branchName', p.branchName, false);
    problems.accountType(i, p.accountType);
    problems.digits(i, 'accountNumber', p.accountNumber, 7);
    problems.kana(i, 'name', p.name, true);
    if (!Number.isSafeInteger(p.amount) || p.amount <= 0 || p.amount > MAX_AMOUNT) {
      problems.add(
        i,
        'amount',
        `1円以上10桁以内の整数が必要です (${String(p.amount)})`,
        `must be a whole number of yen from 1 to 10 digits (${String(p.amount)})`,
      );
    } else {
      total += BigInt(p.amount);
    }
    for (const field of ['customerCode1', 'customerCode2'] as const) {
      const code = p[field];
      if (code !== undefined && (typeof code !== 'string' || !/^[0-9]{1,10}$/.test(code))) {
        problems.add(
          i,
          field,
          `10桁以内の半角数字が必要です (${JSON.stringify(code)})`,
          `must be up to 10 digits (${JSON.stringify(code)})`,
        );
      }
    }
  });
  if (total > MAX_TOTAL) {
    problems.file('total', `合計金額が12桁を超えます (${total})`, `the total exceeds 12 digits (${total})`);
  }
  return problems.list;
}

// ------------------------------------------------------------------------------------------------ building

function pad(value: number | bigint | string, length: number): string {
  return String(value).padStart(length, '0');
}

/** Numeric field: right-aligned, zero-filled. The value is validated to fit beforehand. */
function num(value: number | bigint | string, length: number): string {
  const text = pad(value, length);
  if (text.length !== length) throw new RangeError(`${text} does not fit ${length} digits`);
  return text;
}

/** Text field: converted to bank kana, left-aligned, space-filled, truncated to the field's length. */
function text(value: string, length: number): string {
  const result = toBankKana(value);
  if (!result.ok) throw new Error(bankKanaErrorMessage(result.invalid)); // unreachable after validation
  return result.value.slice(0, length).padEnd(length, ' ');
}

const spaces = (length: number) => ' '.repeat(length);

function record(fields: string[]): string {
  const line = fields.join('');
  if (line.length !== RECORD_LENGTH)
    throw new Error(`record of ${line.length} characters, not ${RECORD_LENGTH}`);
  return line;
}

/** The records of the file as text (each 120 half-width characters), in order. Validates first. */
export function zenginRecords(input: ZenginInput): string[] {
  const problems = validateZenginInput(input);
  if (problems.length > 0) throw new ZenginValidationError(problems);
  const r = input.remitter;
  const header = record([
    '1',
    '21',
    '0',
    num(r.code, 10),
    text(r.name, 40),
    transferDateMmdd(r.transferDate)!,
    num(r.bankCode, 4),
    text(r.bankName, 15),
    num(r.branchCode, 3),
    text(r.branchName, 15),
    String(r.accountType),
    num(r.accountNumber, 7),
    spaces(17),
  ]);
  let total = 0n;
  const data = input.payees.map((p) => {
    total += BigInt(p.amount);
    return record([
      '2',
      num(p.bankCode, 4),
      text(p.bankName, 15),
      num(p.branchCode, 3),
      text(p.branchName, 15),
      spaces(4),
      String(p.accountType),
      num(p.accountNumber, 7),
      text(p.name, 30),
      num(p.amount, 10),
      '0',
      p.customerCode1 === undefined ? spaces(10) : num(p.customerCode1, 10),
      p.customerCode2 === undefined ? spaces(10) : num(p.customerCode2, 10),
      ' ',
      ' ',
      spaces(7),
    ]);
  });
  const trailer = record(['8', num(input.payees.length, 6), num(total, 12), spaces(101)]);
  const end = record(['9', spaces(119)]);
  return [header, ...data, trailer, end];
}

/** Builds the Shift_JIS bytes of the file: each 120-byte record followed by CRLF. */
export function buildZenginFile(input: ZenginInput): Uint8Array {
  return encodeHalfWidth(
    zenginRecords(input)
      .map((line) => line + CRLF)
      .join(''),
  );
}

// Half-width text is single-byte in Shift_JIS: ASCII as is (0x5C is the bank's ¥), ｡–ﾟ (U+FF61–U+FF9F) at
// 0xA1–0xDF. Encoded here so that the module stays synchronous and free of a codec dependency.
function encodeHalfWidth(value: string): Uint8Array {
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x0d || code === 0x0a || (code >= 0x20 && code <= 0x7e)) bytes[i] = code;
    else if (code >= 0xff61 && code <= 0xff9f) bytes[i] = code - 0xff61 + 0xa1;
    else throw new Error(`not a half-width character: ${value[i]}`);
  }
  return bytes;
}

function decodeHalfWidth(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte);
    else if (byte >= 0xa1 && byte <= 0xdf) out += String.fromCharCode(byte - 0xa1 + 0xff61);
    else throw new Error(`not a half-width Shift_JIS byte: 0x${byte.toString(16).padStart(2, '0')}`);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------- reading

export interface ZenginFile {
  header: {
    typeCode: string;
    codeDivision: string;
    remitterCode: string;
    remitterName: string;
    transferDate: string;
    bankCode: string;
    bankName: string;
    branchCode: string;
    branchName: string;
    accountType: string;
    accountNumber: string;
  };
  data: {
    bankCode: string;
    bankName: string;
    branchCode: string;
    branchName: string;
    clearingHouse: string;
    accountType: string;
    accountNumber: string;
    name: string;
    amount: number;
    newCode: string;
    customerCode1: string;
    customerCode2: string;
    transferType: string;
    ediFlag: string;
  }[];
  trailer: { count: number; total: number };
  /** The records as text, 120 characters each. */
  records: string[];
}

const field = (line: string, offset: number, length: number) => line.slice(offset, offset + length);
const textField = (line: string, offset: number, length: number) => field(line, offset, length).trimEnd();

/**
 * Reads a file written by buildZenginFile (or any file of 120-byte records, with or without CRLF after each
 * one and an optional trailing EOF mark 0x1A). Throws on a malformed structure; does not check the totals.
 */
export function readZenginFile(bytes: Uint8Array): ZenginFile {
  let body = bytes;
  if (body.length > 0 && body[body.length - 1] === 0x1a) body = body.subarray(0, body.length - 1);
  const withCrlf = body.length % (RECORD_LENGTH + 2) === 0 && body[RECORD_LENGTH] === 0x0d;
  const stride = withCrlf ? RECORD_LENGTH + 2 : RECORD_LENGTH;
  if (body.length === 0 || body.length % stride !== 0) {
    throw new Error(`not a sequence of ${RECORD_LENGTH}-byte records (${body.length} bytes)`);
  }
  const records: string[] = [];
  for (let at = 0; at < body.length; at += stride) {
    if (withCrlf && (body[at + RECORD_LENGTH] !== 0x0d || body[at + RECORD_LENGTH + 1] !== 0x0a)) {
      throw new Error(`record ${records.length + 1} is not followed by CRLF`);
    }
    records.push(decodeHalfWidth(body.subarray(at, at + RECORD_LENGTH)));
  }
  const kinds = records.map((line) => line[0]).join('');
  if (!/^12*89$/.test(kinds)) throw new Error(`records out of order: ${kinds}`);
  const head = records[0]!;
  const trail = records[records.length - 2]!;
  return {
    header: {
      typeCode: field(head, 1, 2),
      codeDivision: field(head, 3, 1),
      remitterCode: field(head, 4, 10),
      remitterName: textField(head, 14, 40),
      transferDate: field(head, 54, 4),
      bankCode: field(head, 58, 4),
      bankName: textField(head, 62, 15),
      branchCode: field(head, 77, 3),
      branchName: textField(head, 80, 15),
      accountType: field(head, 95, 1),
      accountNumber: field(head, 96, 7),
    },
    data: records.slice(1, -2).map((line) => ({
      bankCode: field(line, 1, 4),
      bankName: textField(line, 5, 15),
      branchCode: field(line, 20, 3),
      branchName: textField(line, 23, 15),
      clearingHouse: field(line, 38, 4),
      accountType: field(line, 42, 1),
      accountNumber: field(line, 43, 7),
      name: textField(line, 50, 30),
      amount: Number(field(line, 80, 10)),
      newCode: field(line, 90, 1),
      customerCode1: field(line, 91, 10),
      customerCode2: field(line, 101, 10),
      transferType: field(line, 111, 1),
      ediFlag: field(line, 112, 1),
    })),
    trailer: { count: Number(field(trail, 1, 6)), total: Number(field(trail, 7, 12)) },
    records,
  };
}
