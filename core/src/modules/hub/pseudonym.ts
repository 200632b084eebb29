import { createHmac } from 'node:crypto';

/**
 * The id under which the hub sees a partner's worker: stable for the pair (centre, person), meaningless
 * without the platform's key, and different in every centre, so it cannot be joined across centres or back
 * to a name. Eight base-32 characters in two groups: "W-7KQ2-M9XD".
 */
export function pseudonymousWorkerId(key: Buffer, tenantId: string, userId: string): string {
  const digest = createHmac('sha256', key).update(`worker-pseudonym:${tenantId}:${userId}`).digest();
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = '';
  for (let i = 0; i < 8; i++) out += alphabet[digest[i]! % alphabet.length];
  return `W-${out.slice(0, 4)}-${out.slice(4)}`;
}
