import { z } from 'zod';

// 全国地方公共団体コード: the 5-digit JIS X 0402 code plus a check digit (weights 6,5,4,3,2, mod 11).
const WEIGHTS = [6, 5, 4, 3, 2] as const;

// ASCII only: \d in a JS regex without the u/v flag never matches full-width digits (０–９),
// which users paste from Japanese documents and must be rejected, not normalised silently.
const FIVE_DIGITS = /^[0-9]{5}$/;
const SIX_DIGITS = /^[0-9]{6}$/;

/** Check digit for a 5-digit JIS X 0402 code. Throws on anything but exactly 5 ASCII digits. */
export function localGovernmentCheckDigit(fiveDigits: string): number {
  if (!FIVE_DIGITS.test(fiveDigits)) {
    throw new RangeError(`expected 5 ASCII digits, got ${JSON.stringify(fiveDigits)}`);
  }
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) {
    sum += (fiveDigits.charCodeAt(i) - 48) * WEIGHTS[i]!;
  }
  // Remainder 0 gives 11 → 1 and remainder 1 gives 10 → 0, hence the final % 10.
  return (11 - (sum % 11)) % 10;
}

/** True for exactly 6 ASCII digits whose last digit is the check digit of the first five. */
export function isValidLocalGovernmentCode(code: string): boolean {
  if (typeof code !== 'string' || !SIX_DIGITS.test(code)) return false;
  return localGovernmentCheckDigit(code.slice(0, 5)) === code.charCodeAt(5) - 48;
}

const MESSAGE =
  '全国地方公共団体コードは6桁で、末尾の検査数字が正しい必要があります / A local government code is 6 digits with a valid check digit';

// Kept as a plain string().regex().refine() so z.toJSONSchema emits { type: string, pattern }:
// the refine is dropped from the JSON Schema, the pattern still documents the shape for clients.
// abort on the regex so a malformed value reports one issue, not the same message twice.
export const localGovernmentCode = z
  .string({ error: MESSAGE })
  .regex(/^\d{6}$/, { error: MESSAGE, abort: true })
  .refine(isValidLocalGovernmentCode, { error: MESSAGE });
