import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** A random URL-safe secret with a readable prefix (`kado_sess_…`, `kado_tok_…`). */
export const newSecret = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

/** Secrets are stored only as SHA-256: they are long and random, so a slow hash adds nothing. */
export const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

// argon2id with the library defaults (m=19 MiB, t=2, p=1), OWASP's recommended minimum.
export const hashPassword = (password: string) =>
  hash(password, { algorithm: 2 /* Algorithm.Argon2id: a const enum, not importable as a value */ });

// Verifying against this when the account does not exist keeps the timing of "no such user" and
// "wrong password" alike, so sign-in does not reveal which e-mail addresses have accounts.
let decoyHash: Promise<string> | undefined;
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  decoyHash ??= hashPassword('decoy password that never matches');
  const ok = await verify(storedHash ?? (await decoyHash), password).catch(() => false);
  return ok && storedHash !== null;
}
