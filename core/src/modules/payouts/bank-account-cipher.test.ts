import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BankAccountCipher } from './bank-account-cipher.js';

const key = randomBytes(32);
const cipher = new BankAccountCipher(key);
const CTX = 'tenant-1:user-1:account_number';

describe('bank account cipher (AES-256-GCM)', () => {
  it('round-trips, with a key-version prefix and a fresh IV each time', () => {
    const a = cipher.encrypt('1234567', CTX);
    const b = cipher.encrypt('1234567', CTX);
    expect(a).toMatch(/^v1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('1234567');
    expect(cipher.decrypt(a, CTX)).toBe('1234567');
    expect(cipher.decrypt(cipher.encrypt('ﾔﾏﾀﾞ ﾊﾅｺ', CTX), CTX)).toBe('ﾔﾏﾀﾞ ﾊﾅｺ');
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const stored = cipher.encrypt('1234567', CTX);
    const [v, iv, tag, body] = stored.split(':') as [string, string, string, string];
    const flip = (s: string) => {
      const bytes = Buffer.from(s, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    for (const bad of [
      [v, iv, tag, flip(body)],
      [v, iv, flip(tag), body],
      [v, flip(iv), tag, body],
    ])
      expect(() => cipher.decrypt(bad.join(':'), CTX)).toThrow(/改ざん.*altered/);
    expect(() => cipher.decrypt('1234567', CTX)).toThrow(/Not an encrypted value/);
  });

  it('refuses a value moved to another row or field (bound context)', () => {
    const stored = cipher.encrypt('1234567', CTX);
    expect(() => cipher.decrypt(stored, 'tenant-1:user-2:account_number')).toThrow(/Cannot decrypt/);
  });

  it('refuses the wrong key, and an unknown key version', () => {
    const stored = cipher.encrypt('1234567', CTX);
    expect(() => new BankAccountCipher(randomBytes(32)).decrypt(stored, CTX)).toThrow(/key is wrong/);
    expect(() => cipher.decrypt(stored.replace(/^v1:/, 'v2:'), CTX)).toThrow(/No encryption key v2/);
    // After a rotation the old values still read with the old key.
    const rotated = new BankAccountCipher({ 1: key, 2: randomBytes(32) }, 2);
    expect(rotated.decrypt(stored, CTX)).toBe('1234567');
    expect(rotated.encrypt('7654321', CTX)).toMatch(/^v2:/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new BankAccountCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
