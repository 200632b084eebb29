import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption at rest of bank details (account numbers, holder names): AES-256-GCM with a random 96-bit IV
 * per value and the 128-bit tag. Stored as `v<key version>:<iv>:<tag>:<ciphertext>` (base64url), so a key
 * can be rotated later by adding a version. `context` (tenant, person, field) is bound as additional data:
 * a ciphertext copied onto another row or field does not decrypt.
 */
export class BankAccountCipher {
  private readonly keys: Map<number, Buffer>;

  constructor(
    keys: Buffer | Record<number, Buffer>,
    private readonly currentVersion = 1,
  ) {
    const entries = Buffer.isBuffer(keys) ? [[1, keys] as const] : Object.entries(keys);
    this.keys = new Map(entries.map(([v, k]) => [Number(v), k]));
    for (const [v, k] of this.keys)
      if (k.length !== 32) throw new Error(`encryption key v${v} must be 32 bytes (got ${k.length})`);
    if (!this.keys.has(currentVersion)) throw new Error(`no encryption key v${currentVersion}`);
  }

  encrypt(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentVersion)!, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return `v${this.currentVersion}:${parts.join(':')}`;
  }

  /** Throws when the value was altered, was written for another context, or the key is not the one used. */
  decrypt(stored: string, context: string): string {
    const match = /^v(\d+):([\w-]+):([\w-]+):([\w-]*)$/.exec(stored);
    if (!match) throw new Error('暗号文の形式が正しくありません / Not an encrypted value');
    const key = this.keys.get(Number(match[1]));
    if (!key) throw new Error(`暗号鍵 v${match[1]} がありません / No encryption key v${match[1]}`);
    const [iv, tag, body] = [match[2]!, match[3]!, match[4]!].map((p) => Buffer.from(p, 'base64url'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv!);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag!);
      return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(
        '暗号文を復号できません（改ざんまたは鍵の不一致） / Cannot decrypt: the value was altered or the key is wrong',
      );
    }
  }
}
