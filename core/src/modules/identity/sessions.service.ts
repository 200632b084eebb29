import { inject, injectable } from 'inversify';
import { Database, type Tx } from '../../db/database.js';
import type { Config } from '../../kernel/config.js';
import { TOKENS } from '../../kernel/tokens.js';
import { newSecret, sha256 } from './secrets.js';

export interface ActiveSession {
  userId: string;
  csrfToken: string;
  email: string;
  displayName: string;
  locale: 'ja' | 'en';
}

/** Server-side sessions. The cookie carries a random token; the table keeps only its hash. */
@injectable()
export class SessionsService {
  constructor(
    @inject(Database) private readonly db: Database,
    @inject(TOKENS.Config) private readonly config: Config,
  ) {}

  async create(tx: Tx, userId: string) {
    const token = newSecret('kado_sess');
    const csrfToken = newSecret('csrf');
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3600_000);
    await tx
      .insertInto('sessions')
      .values({ id: sha256(token), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt })
      .execute();
    return { token, csrfToken, expiresAt };
  }

  resolve(token: string): Promise<ActiveSession | undefined> {
    return this.db.asApp({}, (tx) =>
      tx
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'sessions.user_id as userId',
          'sessions.csrf_token as csrfToken',
          'users.email',
          'users.display_name as displayName',
          'users.locale',
        ])
        .where('sessions.id', '=', sha256(token))
        .where('sessions.expires_at', '>', new Date())
        .executeTakeFirst(),
    );
  }

  async revoke(token: string): Promise<void> {
    await this.db.asApp({}, (tx) => tx.deleteFrom('sessions').where('id', '=', sha256(token)).execute());
  }
}
