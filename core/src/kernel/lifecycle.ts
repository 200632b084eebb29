import { injectable } from 'inversify';

/**
 * Where the process is in its life, for what other processes must know: once draining (SIGTERM received),
 * readiness answers 503 so a load balancer sends new requests elsewhere, and responses close their
 * keep-alive connections so none is reused for a request that would find the listener gone.
 */
@injectable()
export class Lifecycle {
  private drainingSince: Date | null = null;

  get draining(): boolean {
    return this.drainingSince !== null;
  }

  drain(): void {
    this.drainingSince ??= new Date();
  }
}

/** Waits for `work`, but no longer than `ms`: true when it finished in time. */
export async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
