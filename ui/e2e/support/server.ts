import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../core/src/kernel/config.ts';
import { startServer } from '../../../core/src/server.ts';

export const DEMO_PASSWORD = 'kado-demo-2026';

export interface Kado {
  baseUrl: string;
  /** The path of the newest invitation link mailed to `email`, read from the mail outbox table. */
  invitationPath(email: string): Promise<string>;
  /** Whether the server answers socket.io (realtime is optional: the UI must work without it). */
  realtime: boolean;
  stop(): Promise<void>;
}

/**
 * The real server, in-process, on a fresh embedded database with the demo centres and people. Serves the
 * built web app (ui/build), so run `npm run build -w @kado/ui` first.
 */
export async function startKado(): Promise<Kado> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kado-e2e-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    KADO_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    KADO_DEMO: 'true',
    // The tests make their own orders; demo work would be offered to their workers as "next task".
    KADO_DEMO_WORK: 'false',
  });

  const started = await startServer(config);
  const { db } = started;
  const { port } = started.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const probe = await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling`).catch(() => undefined);
  const realtime = probe?.status === 200 || probe?.status === 400;

  return {
    baseUrl,
    realtime,
    async invitationPath(email) {
      const mail = await db.asOwner((tx) =>
        tx
          .selectFrom('mail_outbox')
          .select(['body'])
          .where('to_address', '=', email)
          .orderBy('created_at', 'desc')
          .executeTakeFirst(),
      );
      const path = mail?.body.match(/https?:\/\/[^/\s]+(\/invite\/\S+)/)?.[1];
      if (!path) throw new Error(`no invitation mailed to ${email}`);
      return path;
    },
    async stop() {
      await started.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
