import { inject, injectable } from 'inversify';
import nodemailer, { type Transporter } from 'nodemailer';
import { Database, type Tx } from '../../db/database.js';
import type { Config } from '../../kernel/config.js';
import type { Logger } from '../../kernel/logger.js';
import { TOKENS } from '../../kernel/tokens.js';

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

/**
 * Mail is written to the outbox in the transaction of the change that causes it, then delivered
 * afterwards: by SMTP when SMTP_URL is set, otherwise to the log (development and tests).
 */
@injectable()
export class OutboxService {
  private readonly transport: Transporter | null;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(TOKENS.Config) private readonly config: Config,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  }

  async enqueue(tx: Tx, mail: Mail): Promise<void> {
    await tx
      .insertInto('mail_outbox')
      .values({ to_address: mail.to, subject: mail.subject, body: mail.body })
      .execute();
  }

  /** Sends what is pending, oldest first; a failure is kept for the next round. Returns how many were sent. */
  async deliverPending(limit = 50): Promise<number> {
    const pending = await this.db.asApp({}, (tx) =>
      tx
        .selectFrom('mail_outbox')
        .selectAll()
        .where('sent_at', 'is', null)
        .where('attempts', '<', 10)
        .orderBy('created_at')
        .limit(limit)
        .execute(),
    );
    let sent = 0;
    for (const mail of pending) {
      try {
        if (this.transport) {
          await this.transport.sendMail({
            from: this.config.mailFrom,
            to: mail.to_address,
            subject: mail.subject,
            text: mail.body,
          });
        } else {
          this.logger.info(
            { mail: { to: mail.to_address, subject: mail.subject, body: mail.body } },
            'mail (SMTP_URL not set, logged only)',
          );
        }
        await this.db.asApp({}, (tx) =>
          tx.updateTable('mail_outbox').set({ sent_at: new Date() }).where('id', '=', mail.id).execute(),
        );
        sent++;
      } catch (error) {
        this.logger.warn({ err: error, mailId: mail.id }, 'mail delivery failed; will retry');
        await this.db.asApp({}, (tx) =>
          tx
            .updateTable('mail_outbox')
            .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: String(error) }))
            .where('id', '=', mail.id)
            .execute(),
        );
      }
    }
    return sent;
  }
}
