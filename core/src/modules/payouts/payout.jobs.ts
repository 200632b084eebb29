import type { Container } from 'inversify';

/** The payout run job (STUB). */
export function payoutJobHandlers(_container: Container): Record<string, (job: never) => unknown> {
  return {};
}
