/**
 * Normalising and checking one keyed value per field type. Pure code (no runtime imports beyond
 * era-date.ts), shared by `checkSubmission`, the exporters and the task view's live feedback.
 */
import { parseJapaneseDate } from './era-date.js';

export const FIELD_TYPES = ['text', 'number', 'date', 'postal-code', 'phone', 'choice'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One field of the order's form (the `orderParameters` schema in index.ts has the same shape). */
export interface FormField {
  key: string;
  label: { ja: string; en: string };
  type: FieldType;
  required?: boolean;
  choices?: string[];
  maxLength?: number;
}

export type FieldResult = { ok: true; value: string } | { ok: false; message: string };

const fail = (ja: string, en: string): FieldResult => ({ ok: false, message: `${ja} / ${en}` });

// Hyphen look-alikes people type for a dash in numbers: ‐ ‑ ‒ – — ― − ー ｰ (NFKC leaves most of them).
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff70]/g;

function number(text: string): FieldResult {
  // Thousands separators are dropped: 1,234 is 1234.
  const value = text.replace(DASHES, '-').replaceAll(',', '');
  if (!/^[+-]?\d+(\.\d+)?$/.test(value))
    return fail('数値ではありません（例: 1234、-5、12.5）', 'not a number (e.g. 1234, -5, 12.5)');
  return { ok: true, value: value.replace(/^\+/, '') };
}

function postalCode(text: string): FieldResult {
  const digits = text.replace(/^〒/, '').replace(DASHES, '-').replace(/\s/g, '');
  const match = /^(\d{3})-?(\d{4})$/.exec(digits);
  if (!match)
    return fail('郵便番号は7桁の数字です（例: 399-0738）', 'a postal code is 7 digits (e.g. 399-0738)');
  return { ok: true, value: `${match[1]}-${match[2]}` };
}

/**
 * Japanese phone numbers: 10 digits (fixed lines, 0120) or 11 (mobile 070/080/090, IP 050, 0800), starting
 * with 0; +81 is read as the leading 0. The grouping the worker typed (hyphens, spaces, parentheses) is kept
 * as hyphens. Without one, only numbers whose grouping is certain are grouped (mobile 3-4-4, 0120 4-3-3,
 * 03/06 2-4-4): area codes of other fixed lines run from 2 to 5 digits and cannot be told from the digits.
 */
function phone(text: string): FieldResult {
  let value = text.replace(DASHES, '-').replace(/^\+81[\s-]?(\(0\))?/, '0');
  value = value
    .replace(/[()\s]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (!/^[\d-]+$/.test(value))
    return fail('電話番号は数字とハイフンです', 'a phone number is digits and hyphens');
  const digits = value.replaceAll('-', '');
  if (!digits.startsWith('0') || digits.length < 10 || digits.length > 11)
    return fail(
      '電話番号は0から始まる10桁か11桁です（例: 0263-52-0280）',
      'a phone number has 10 or 11 digits starting with 0 (e.g. 0263-52-0280)',
    );
  if (value.includes('-')) return { ok: true, value };
  const group = (...sizes: number[]) => {
    let at = 0;
    return sizes
      .map((n) => {
        const part = digits.slice(at, at + n);
        at += n;
        return part;
      })
      .join('-');
  };
  if (digits.length === 11 && /^0[5789]0/.test(digits)) return { ok: true, value: group(3, 4, 4) };
  if (digits.length === 11 && digits.startsWith('0800')) return { ok: true, value: group(4, 3, 4) };
  if (digits.length === 10 && digits.startsWith('0120')) return { ok: true, value: group(4, 3, 3) };
  if (digits.length === 10 && /^0[36]/.test(digits)) return { ok: true, value: group(2, 4, 4) };
  return { ok: true, value: digits };
}

/**
 * The normalised value of `raw` for `field`, or why it cannot be accepted. Everything is NFKC-normalised
 * and trimmed first (full-width digits and letters become half-width, half-width katakana full-width).
 * An empty value is fine for a field with `required: false` and gives ''.
 */
export function checkField(field: FormField, raw: unknown): FieldResult {
  if (raw !== undefined && raw !== null && typeof raw !== 'string')
    return fail('文字列ではありません', 'not a string');
  const text = (raw ?? '').normalize('NFKC').trim();
  if (text === '')
    return field.required === false
      ? { ok: true, value: '' }
      : fail('入力してください', 'this field is required');
  let result: FieldResult;
  switch (field.type) {
    case 'number':
      result = number(text);
      break;
    case 'date': {
      const date = parseJapaneseDate(text);
      result = date.ok ? { ok: true, value: date.iso } : date;
      break;
    }
    case 'postal-code':
      result = postalCode(text);
      break;
    case 'phone':
      result = phone(text);
      break;
    case 'choice': {
      const choice = (field.choices ?? []).find((c) => c.normalize('NFKC').trim() === text);
      result =
        choice === undefined
          ? fail(`選択肢にありません（${(field.choices ?? []).join('、')}）`, 'not one of the choices')
          : { ok: true, value: choice };
      break;
    }
    default:
      result = { ok: true, value: text };
  }
  if (result.ok && field.maxLength !== undefined && [...result.value].length > field.maxLength)
    return fail(`${field.maxLength}文字以内で入力してください`, `at most ${field.maxLength} characters`);
  return result;
}

/** Problems of a whole set of values against the form, as JSON pointers (`/values/<key>`). */
export function checkValues(
  values: Record<string, unknown>,
  fields: readonly FormField[],
): { pointer: string; message: string }[] {
  const problems: { pointer: string; message: string }[] = [];
  for (const field of fields) {
    const result = checkField(field, values[field.key]);
    if (!result.ok) problems.push({ pointer: `/values/${field.key}`, message: result.message });
  }
  const known = new Set(fields.map((f) => f.key));
  for (const key of Object.keys(values))
    if (!known.has(key))
      problems.push({
        pointer: `/values/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
        message: 'フォームにない項目です / not a field of this form',
      });
  return problems;
}

/** The value to store or export: normalised when valid, as keyed otherwise (a director decides). */
export function normalisedValue(field: FormField, raw: unknown): string {
  const result = checkField(field, raw);
  return result.ok ? result.value : typeof raw === 'string' ? raw : '';
}
