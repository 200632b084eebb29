import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxService } from '../src/modules/mail/outbox.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A real SMTP server in the test process receives what the outbox sends. */
const received: { to: string[]; data: string }[] = [];
let rejectNext = false;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  onRcptTo(_address, _session, callback) {
    if (rejectNext) {
      rejectNext = false;
      return callback(new Error('mailbox unavailable'));
    }
    callback();
  },
  onData(stream, session, callback) {
    let data = '';
    stream.on('data', (chunk: Buffer) => {
      data += chunk.toString('utf8');
    });
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
      callback();
    });
  },
});

let t: TestApp;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'KADO <kado@example.jp>' });
});
afterAll(() => new Promise<void>((resolve) => smtp.close(resolve)));

describe('mail over SMTP', () => {
  it('delivers an invitation through the outbox, once', async () => {
    const admin = await t.signIn('tenant_admin@alpha.test');
    await admin.post('/api/t/alpha/invitations', { email: 'smtp@example.jp', role: 'worker' }).expect(201);
    const outbox = t.container.get(OutboxService);
    expect(await outbox.deliverPending()).toBe(1);
    expect(await outbox.deliverPending()).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toEqual(['smtp@example.jp']);
    expect(received[0]?.data).toContain('/invite/alpha/kado_inv_');
  });

  it('keeps a mail the server refused for the next round, with the error', async () => {
    const admin = await t.signIn('tenant_admin@alpha.test');
    await admin.post('/api/t/alpha/invitations', { email: 'bounce@example.jp', role: 'worker' }).expect(201);
    rejectNext = true;
    const outbox = t.container.get(OutboxService);
    expect(await outbox.deliverPending()).toBe(0);
    const row = await t.db.asOwner((tx) =>
      tx
        .selectFrom('mail_outbox')
        .selectAll()
        .where('to_address', '=', 'bounce@example.jp')
        .executeTakeFirstOrThrow(),
    );
    expect(row).toMatchObject({ sent_at: null, attempts: 1 });
    expect(row.last_error).toContain('mailbox unavailable');
    expect(await outbox.deliverPending()).toBe(1);
  });
});
