import { inject, injectable } from 'inversify';
import { sql } from 'kysely';
import { Database, type Tx } from '../../db/database.js';
import { Problem } from '../../kernel/problems.js';
import { hashPassword } from './secrets.js';

export type NewUser = { email: string; displayName: string; locale?: 'ja' | 'en' } & (
  | { password: string }
  | { passwordHash: string } // demo seeding hashes one shared password once
);

/** People, independent of tenants; what they may do in a tenant comes from memberships. */
@injectable()
export class UsersService {
  constructor(@inject(Database) private readonly db: Database) {}

  findByEmail(tx: Tx, email: string) {
    return tx
      .selectFrom('users')
      .selectAll()
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
  }

  async create(tx: Tx, user: NewUser) {
    if (await this.findByEmail(tx, user.email)) {
      throw new Problem(
        'conflict',
        'このメールアドレスは登録済みです / This e-mail address already has an account',
      );
    }
    return tx
      .insertInto('users')
      .values({
        email: user.email.toLowerCase(),
        display_name: user.displayName,
        password_hash: 'passwordHash' in user ? user.passwordHash : await hashPassword(user.password),
        locale: user.locale ?? 'ja',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  get(userId: string) {
    return this.db.asUser(userId, (tx) =>
      tx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow(),
    );
  }

  update(userId: string, changes: { displayName?: string | undefined; locale?: 'ja' | 'en' | undefined }) {
    return this.db.asUser(userId, (tx) =>
      tx
        .updateTable('users')
        .set({
          ...(changes.displayName !== undefined && { display_name: changes.displayName }),
          ...(changes.locale !== undefined && { locale: changes.locale }),
        })
        .where('id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }

  /** Every tenant the user belongs to, for the tenant switcher. */
  memberships(userId: string) {
    return this.db.asUser(userId, (tx) =>
      tx
        .selectFrom('memberships')
        .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
        .select([
          'memberships.id',
          'memberships.role',
          'tenants.slug',
          'tenants.name_ja',
          'tenants.name_en',
          'tenants.kind',
          'tenants.status',
        ])
        .where('memberships.user_id', '=', userId)
        .orderBy('tenants.slug')
        .execute(),
    );
  }
}
