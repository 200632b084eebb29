import { z } from 'zod';

// 適格請求書発行事業者登録番号: "T" + 13 digits. For a company the 13 digits are its corporate number
// (法人番号), whose FIRST digit is a check digit over the other twelve:
//   9 − (Σ Pₙ·Qₙ mod 9), Pₙ the n-th of those digits counted from the right, Qₙ = 1 for odd n, 2 for even n.
// ASCII only: full-width digits and a lower-case "t" pasted from documents are refused, not normalised.
const TWELVE_DIGITS = /^[0-9]{12}$/;
const REGISTRATION_NUMBER = /^T[0-9]{13}$/;

/** Check digit of a corporate number from its last twelve digits. Throws on anything but 12 ASCII digits. */
export function corporateNumberCheckDigit(twelveDigits: string): number {
  if (!TWELVE_DIGITS.test(twelveDigits)) {
    throw new RangeError(`expected 12 ASCII digits, got ${JSON.stringify(twelveDigits)}`);
  }
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = twelveDigits.charCodeAt(12 - n) - 48;
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return 9 - (sum % 9);
}

/** True for "T" + 13 ASCII digits whose first digit is the check digit of the other twelve. */
export function isValidInvoiceRegistrationNumber(value: string): boolean {
  if (typeof value !== 'string' || !REGISTRATION_NUMBER.test(value)) return false;
  return corporateNumberCheckDigit(value.slice(2)) === value.charCodeAt(1) - 48;
}

const MESSAGE =
  '適格請求書発行事業者登録番号は T と13桁の数字で、先頭の検査数字が正しい必要があります / An invoice registration number is "T" and 13 digits with a valid check digit';

// As localGovernmentCode: the regex documents the shape in the OpenAPI document, the refine checks the digit.
export const invoiceRegistrationNumber = z
  .string({ error: MESSAGE })
  .regex(/^T\d{13}$/, { error: MESSAGE, abort: true })
  .refine(isValidInvoiceRegistrationNumber, { error: MESSAGE });
