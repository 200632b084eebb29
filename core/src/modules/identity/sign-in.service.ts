import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database } from '../../db/database.js';
import type { Config } from '../../kernel/config.js';
import { Problem } from '../../kernel/problems.js';
import { TOKENS } from '../../kernel/tokens.js';
import { verifyPassword } from './secrets.js';
import { SessionsService } from './sessions.service.js';
import { UsersService } from './users.service.js';

/** One address may try this many times the per-account limit, since offices share an address. */
const ADDRESS_FACTOR = 3;

/**
 * Password sign-in, slowed down after a few failures and locked for a while after more, counted both
 * per account and per client address, so neither guessing one account nor spraying many works.
 */
@injectable()
export class SignInService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(UsersService) private readonly users: UsersService,
    @inject(SessionsService) private readonly sessions: SessionsService,
  ) {}

  async signIn(email: string, password: string, ip: string) {
    const { lockAfter, lockMinutes, slowDownAfter, delayMs } = this.config.signIn;
    const failures = await this.recentFailures(email, ip);
    if (failures.account >= lockAfter || failures.address >= lockAfter * ADDRESS_FACTOR) {
      throw new Problem(
        'too-many-requests',
        `失敗が続いたため ${lockMinutes} 分間ロックされています / Locked for ${lockMinutes} minutes after repeated failures`,
        { retryAfterSeconds: lockMinutes * 60 },
      );
    }
    const excess = failures.account - slowDownAfter + 1;
    if (excess > 0) await sleep(Math.min(delayMs * 2 ** (excess - 1), 5_000));

    // The attempt is recorded whatever the outcome, so the failure is thrown only after the commit.
    const outcome = await this.db.asApp({}, async (tx) => {
      const user = await this.users.findByEmail(tx, email);
      const ok = await verifyPassword(user?.password_hash ?? null, password);
      await tx
        .insertInto('sign_in_attempts')
        .values({ email: email.toLowerCase(), ip, succeeded: ok })
        .execute();
      return ok && user ? { user, session: await this.sessions.create(tx, user.id) } : null;
    });
    if (!outcome) throw new Problem('invalid-credentials');
    return outcome;
  }

  /** Failures within the lock window since the account's last success. */
  private recentFailures(email: string, ip: string) {
    const since = new Date(Date.now() - this.config.signIn.lockMinutes * 60_000);
    return this.db.asApp({}, async (tx) => {
      const lastSuccess = tx
        .selectFrom('sign_in_attempts')
        .select(sql<Date>`coalesce(max(at), '-infinity')`.as('at'))
        .where('email', '=', email.toLowerCase())
        .where('succeeded', '=', true);
      const account = await tx
        .selectFrom('sign_in_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('email', '=', email.toLowerCase())
        .where('succeeded', '=', false)
        .where('at', '>', since)
        .where('at', '>', lastSuccess)
        .executeTakeFirstOrThrow();
      const address = await tx
        .selectFrom('sign_in_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('ip', '=', ip)
        .where('succeeded', '=', false)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      return { account: Number(account.n), address: Number(address.n) };
    });
  }
}
