import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  buildZenginFile,
  RECORD_LENGTH,
  readZenginFile,
  transferDateMmdd,
  type ZenginInput,
  type ZenginPayee,
  ZenginValidationError,
} from './zengin.js';

const remitter: ZenginInput['remitter'] = {
  code: '1234567890',
  name: 'シオジリシ　テレワークセンター',
  transferDate: '2026-12-25',
  bankCode: '0143',
  bankName: 'ハチジュウニ',
  branchCode: '201',
  branchName: 'シオジリ',
  accountType: 1,
  accountNumber: '0123456',
};

const hanako: ZenginPayee = {
  bankCode: '0005',
  bankName: 'ミツビシユーエフジェイギンコウ',
  branchCode: '001',
  branchName: 'ホンテン',
  accountType: 1,
  accountNumber: '7654321',
  name: 'ヤマダ　ハナコ',
  amount: 123_456,
};

const taro: ZenginPayee = {
  bankCode: '9900',
  bankName: 'ゆうちょ',
  branchCode: '019',
  branchName: 'ゼロイチキュウ',
  accountType: 2,
  accountNumber: '1234567',
  name: 'すずき　たろう',
  amount: 5_000,
  customerCode1: '42',
  customerCode2: '9876543210',
};

const input: ZenginInput = { remitter, payees: [hanako, taro] };

/** The records of a built file as raw bytes, checking the CRLF after each one. */
function splitRecords(bytes: Uint8Array): Uint8Array[] {
  expect(bytes.length % (RECORD_LENGTH + 2)).toBe(0);
  const records: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += RECORD_LENGTH + 2) {
    expect([bytes[at + RECORD_LENGTH], bytes[at + RECORD_LENGTH + 1]]).toEqual([0x0d, 0x0a]);
    records.push(bytes.subarray(at, at + RECORD_LENGTH));
  }
  return records;
}

/** Text of `length` bytes at `offset` of a record, decoded as Shift_JIS by iconv-lite (independent of zengin.ts). */
const at = (record: Uint8Array, offset: number, length: number) =>
  iconv.decode(Buffer.from(record.subarray(offset, offset + length)), 'Shift_JIS');

describe('buildZenginFile', () => {
  const bytes = buildZenginFile(input);
  const records = splitRecords(bytes);

  it('writes header, one data record per payee, trailer and end, each 120 bytes followed by CRLF', () => {
    expect(records).toHaveLength(5);
    for (const record of records) expect(record.length).toBe(120);
    expect(records.map((r) => at(r, 0, 1))).toEqual(['1', '2', '2', '8', '9']);
    expect(bytes.length).toBe(5 * 122);
    expect([bytes[bytes.length - 2], bytes[bytes.length - 1]]).toEqual([0x0d, 0x0a]);
  });

  it('uses only single-byte Shift_JIS characters (ASCII and half-width kana), nothing else', () => {
    for (const byte of bytes) {
      expect(
        byte === 0x0d || byte === 0x0a || (byte >= 0x20 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xdf),
      ).toBe(true);
    }
  });

  it('puts the header fields at their offsets', () => {
    const h = records[0]!;
    expect(at(h, 0, 1)).toBe('1');
    expect(at(h, 1, 2)).toBe('21');
    expect(at(h, 3, 1)).toBe('0');
    expect(at(h, 4, 10)).toBe('1234567890');
    expect(at(h, 14, 40)).toBe('ｼｵｼﾞﾘｼ ﾃﾚﾜ-ｸｾﾝﾀ-'.padEnd(40, ' '));
    expect(at(h, 54, 4)).toBe('1225');
    expect(at(h, 58, 4)).toBe('0143');
    expect(at(h, 62, 15)).toBe('ﾊﾁｼﾞﾕｳﾆ'.padEnd(15, ' '));
    expect(at(h, 77, 3)).toBe('201');
    expect(at(h, 80, 15)).toBe('ｼｵｼﾞﾘ'.padEnd(15, ' '));
    expect(at(h, 95, 1)).toBe('1');
    expect(at(h, 96, 7)).toBe('0123456');
    expect(at(h, 103, 17)).toBe(' '.repeat(17));
  });

  it('puts the data fields at their offsets, kana converted to half-width', () => {
    const d = records[1]!;
    expect(at(d, 0, 1)).toBe('2');
    expect(at(d, 1, 4)).toBe('0005');
    // 'ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲｷﾞﾝｺｳ' is 18 characters: truncated to the 15 of the field.
    expect(at(d, 5, 15)).toBe('ﾐﾂﾋﾞｼﾕ-ｴﾌｼﾞｴｲｷﾞ');
    expect(at(d, 20, 3)).toBe('001');
    expect(at(d, 23, 15)).toBe('ﾎﾝﾃﾝ'.padEnd(15, ' '));
    expect(at(d, 38, 4)).toBe('    ');
    expect(at(d, 42, 1)).toBe('1');
    expect(at(d, 43, 7)).toBe('7654321');
    expect(at(d, 50, 30)).toBe('ﾔﾏﾀﾞ ﾊﾅｺ'.padEnd(30, ' '));
    expect(at(d, 80, 10)).toBe('0000123456');
    expect(at(d, 90, 1)).toBe('0');
    expect(at(d, 91, 20)).toBe(' '.repeat(20));
    expect(at(d, 111, 9)).toBe(' '.repeat(9));

    const e = records[2]!;
    expect(at(e, 5, 15)).toBe('ﾕｳﾁﾖ'.padEnd(15, ' '));
    expect(at(e, 42, 1)).toBe('2');
    expect(at(e, 50, 30)).toBe('ｽｽﾞｷ ﾀﾛｳ'.padEnd(30, ' '));
    expect(at(e, 80, 10)).toBe('0000005000');
    expect(at(e, 91, 10)).toBe('0000000042');
    expect(at(e, 101, 10)).toBe('9876543210');
  });

  it('writes the count and total in the trailer, and an all-space end record', () => {
    const t = records[3]!;
    expect(at(t, 0, 1)).toBe('8');
    expect(at(t, 1, 6)).toBe('000002');
    expect(at(t, 7, 12)).toBe('000000128456');
    expect(at(t, 19, 101)).toBe(' '.repeat(101));
    expect(at(records[4]!, 0, 120)).toBe(`9${' '.repeat(119)}`);
  });

  it('decodes back with iconv-lite to the same text readZenginFile reads', () => {
    const decoded = iconv.decode(Buffer.from(bytes), 'Shift_JIS');
    const file = readZenginFile(bytes);
    expect(decoded).toBe(file.records.map((r) => `${r}\r\n`).join(''));
    expect(iconv.encode(decoded, 'Shift_JIS').equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads back the fields with readZenginFile', () => {
    const file = readZenginFile(bytes);
    expect(file.header).toMatchObject({ remitterCode: '1234567890', transferDate: '1225', bankCode: '0143' });
    expect(file.data.map((d) => [d.name, d.amount, d.accountNumber])).toEqual([
      ['ﾔﾏﾀﾞ ﾊﾅｺ', 123_456, '7654321'],
      ['ｽｽﾞｷ ﾀﾛｳ', 5_000, '1234567'],
    ]);
    expect(file.trailer).toEqual({ count: 2, total: 128_456 });
  });

  it('takes the transfer date from a Date in Japan time', () => {
    expect(transferDateMmdd(new Date('2026-03-31T15:00:00Z'))).toBe('0401'); // 00:00 JST on 1 April
    expect(transferDateMmdd(new Date('2026-03-31T14:59:59Z'))).toBe('0331');
    expect(transferDateMmdd('2026-02-29')).toBeNull();
    expect(transferDateMmdd('2028-02-29')).toBe('0229');
    const file = readZenginFile(
      buildZenginFile({
        ...input,
        remitter: { ...remitter, transferDate: new Date('2026-07-09T01:00:00+09:00') },
      }),
    );
    expect(file.header.transferDate).toBe('0709');
  });
});

describe('buildZenginFile validation', () => {
  const problemsOf = (value: ZenginInput) => {
    try {
      buildZenginFile(value);
    } catch (error) {
      expect(error).toBeInstanceOf(ZenginValidationError);
      return (error as ZenginValidationError).problems;
    }
    throw new Error('expected a ZenginValidationError');
  };

  it('refuses a payee name outside the bank character set, naming the characters, before building', () => {
    const problems = problemsOf({ remitter, payees: [hanako, { ...taro, name: '山田 花子' }] });
    expect(problems).toEqual([
      {
        payee: 1,
        field: 'name',
        message:
          '振込先 2 件目の名義: 使えない文字があります: 山, 田, 花, 子 / Payee #2, name: characters the bank cannot take: 山, 田, 花, 子',
      },
    ]);
    expect(() => buildZenginFile({ remitter, payees: [{ ...hanako, name: '髙橋' }] })).toThrow(
      /使えない文字があります: 髙, 橋 .* characters the bank cannot take: 髙, 橋/,
    );
  });

  it('lists every problem with the payee index and field', () => {
    const problems = problemsOf({
      remitter: { ...remitter, code: '123', transferDate: '2026-13-01', accountType: 3 as never },
      payees: [
        { ...hanako, bankCode: '05', branchCode: '1a1', accountNumber: '12345678', amount: 0 },
        { ...taro, amount: 1.5, customerCode1: '12345678901', bankName: 'みずほ銀行' },
        { ...taro, amount: 10_000_000_000, name: '　' },
      ],
    });
    expect(problems.map((p) => [p.payee, p.field])).toEqual([
      [null, 'code'],
      [null, 'transferDate'],
      [null, 'accountType'],
      [0, 'bankCode'],
      [0, 'branchCode'],
      [0, 'accountNumber'],
      [0, 'amount'],
      [1, 'bankName'],
      [1, 'amount'],
      [1, 'customerCode1'],
      [2, 'name'],
      [2, 'amount'],
    ]);
    for (const problem of problems) expect(problem.message).toMatch(/^[^/]*[ぁ-んァ-ヶ一-龠][^/]* \/ [A-Z]/u);
  });

  it('refuses an empty payee list and a total over 12 digits', () => {
    expect(problemsOf({ remitter, payees: [] }).map((p) => p.field)).toEqual(['payees']);
    const big = { ...hanako, amount: 9_999_999_999 };
    expect(problemsOf({ remitter, payees: Array(101).fill(big) }).map((p) => p.field)).toEqual(['total']);
  });
});

describe('buildZenginFile properties', () => {
  const digits = (length: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });
  const kanaName = fc
    .array(fc.constantFrom(...'アイウカガキパピャッーやまだはなこ　ABC'.split(''), 'ｶﾞ', 'ﾊﾟ'), {
      minLength: 1,
      maxLength: 40,
    })
    .map((chars) => `ｱ${chars.join('')}`);
  const payee: fc.Arbitrary<ZenginPayee> = fc.record({
    bankCode: digits(4),
    bankName: kanaName,
    branchCode: digits(3),
    branchName: kanaName,
    accountType: fc.constantFrom(1 as const, 2 as const, 4 as const, 9 as const),
    accountNumber: digits(7),
    name: kanaName,
    amount: fc.integer({ min: 1, max: 9_999_999_999 }),
  });

  it('every record is 120 bytes and the trailer count and total equal the data records', () => {
    fc.assert(
      fc.property(fc.array(payee, { minLength: 1, maxLength: 30 }), (payees) => {
        const bytes = buildZenginFile({ remitter, payees });
        const records = splitRecords(bytes);
        expect(records).toHaveLength(payees.length + 3);
        const file = readZenginFile(bytes);
        expect(file.data).toHaveLength(payees.length);
        expect(file.data.map((d) => d.amount)).toEqual(payees.map((p) => p.amount));
        expect(file.trailer.count).toBe(file.data.length);
        expect(file.trailer.total).toBe(file.data.reduce((sum, d) => sum + d.amount, 0));
        for (const [i, d] of file.data.entries()) {
          expect(d.accountNumber).toBe(payees[i]!.accountNumber);
          expect(d.name.length).toBeLessThanOrEqual(30);
          expect(d.name).toMatch(/^[ｱ-ﾝﾞﾟA-Z -]+$/);
        }
      }),
      { numRuns: 200 },
    );
  });
});
