import { strToU8, Zip, ZipDeflate } from 'fflate';

/** One file of a zip archive; `data` may be streamed so a large entry never sits in memory whole. */
export interface ZipEntry {
  name: string;
  data: string | Uint8Array | AsyncIterable<string | Uint8Array>;
}

const bytesOf = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? strToU8(chunk) : chunk);

/**
 * Streams a zip archive (deflate; UTF-8 file names). Entries are read one after another and each entry's
 * data chunk by chunk, so memory stays flat whatever the number or the size of the entries; only the
 * central directory (a few bytes per entry) is kept until the end.
 */
export async function* zip(
  entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>,
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  let done = false;
  // fflate's Zip with the synchronous ZipDeflate calls back synchronously, so `out` is drained after each push.
  const archive = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else if (chunk.length > 0) out.push(chunk);
    if (final) done = true;
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length > 0) yield out.shift() as Uint8Array;
  };
  const names = new Set<string>();
  for await (const entry of entries) {
    if (!entry.name || names.has(entry.name))
      throw new Error(`zip: 空または重複したファイル名です / empty or duplicate entry name: "${entry.name}"`);
    names.add(entry.name);
    const file = new ZipDeflate(entry.name, { level: 6 });
    archive.add(file);
    if (typeof entry.data === 'string' || entry.data instanceof Uint8Array) {
      file.push(bytesOf(entry.data), true);
      yield* drain();
      continue;
    }
    for await (const chunk of entry.data) {
      const bytes = bytesOf(chunk);
      if (bytes.length === 0) continue;
      file.push(bytes, false);
      yield* drain();
    }
    file.push(new Uint8Array(0), true);
    yield* drain();
  }
  archive.end();
  yield* drain();
  if (!done) throw new Error('zip: アーカイブを完了できませんでした / the archive did not finish');
}
