import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where uploaded files (images, scans, order input) and deliverables live. A port, so a deployment can put
 * them in object storage; the embedded default is a folder under the data directory. Keys are
 * `<tenantId>/<kind>/<id…>` built by the modules, never from a file name a user typed.
 */
export interface FileStorage {
  /** Writes the whole stream under `key` (replacing what was there), atomically: readers never see half a file. */
  write(key: string, source: Readable | AsyncIterable<Uint8Array | string>): Promise<{ size: number }>;
  read(key: string): Readable;
  size(key: string): Promise<number | null>;
  remove(key: string): Promise<void>;
}

const KEY = /^[0-9a-f-]{36}(\/[A-Za-z0-9._-]{1,200})+$/;

export class FilesystemStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.'))
      throw new Error(`invalid storage key: ${key}`);
    const full = resolve(join(this.root, key));
    if (!full.startsWith(this.root + sep)) throw new Error(`storage key escapes the root: ${key}`);
    return full;
  }

  async write(key: string, source: Readable | AsyncIterable<Uint8Array | string>): Promise<{ size: number }> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // Written next to the target and renamed into place, so a crash half-way leaves no half file under the key.
    const partial = `${target}.${process.pid}.${Date.now()}.partial`;
    let size = 0;
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Uint8Array | string>) {
          for await (const chunk of chunks) {
            const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
            size += bytes.byteLength;
            yield bytes;
          }
        },
        createWriteStream(partial),
      );
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    return { size };
  }

  read(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.path(key))).size;
    } catch {
      return null;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
