import { compareFields, definePlugin, textLines, z } from '../src/index.js';
import type { ContractSamples } from '../src/testing/index.js';

/** A small plugin written as a real one would be: label one image per task. Used by the SDK's own tests. */
export const exampleDefinition = {
  id: 'image-label',
  version: '1.0.0',
  host: '^0.1.0',
  title: { ja: '画像ラベル付け', en: 'Image labelling' },
  skills: ['image-labelling'],
  pricing: { unit: 'task' as const },
  task: z.object({ imageUrl: z.url() }),
  submission: z.object({ label: z.string().min(1) }),
  orderParameters: z.object({ labels: z.array(z.string().min(1)).min(1) }),
  importers: {
    /** One image URL per line; a header line `imageUrl`. */
    async *csv(input: AsyncIterable<Uint8Array>) {
      let row = 0;
      for await (const line of textLines(input)) {
        row++;
        if (row === 1) continue;
        const parsed = z.url().safeParse(line.trim());
        yield parsed.success
          ? { row, payload: { imageUrl: parsed.data } }
          : { row, error: `画像の URL ではありません / not an image URL: ${line}` };
      }
    },
  },
  quality: { strategy: 'consensus' as const, overlap: 2 },
  compare: (expected: { label: string }, actual: { label: string }) => compareFields(expected, actual),
  estimateMinutes: () => 1,
  exporters: {
    jsonl: {
      contentType: 'application/x-ndjson',
      fileExtension: 'jsonl',
      async *export(results: AsyncIterable<{ task: { imageUrl: string }; submission: { label: string } }>) {
        for await (const { task, submission } of results)
          yield `${JSON.stringify({ ...task, ...submission })}\n`;
      },
    },
  },
  ui: { task: './ui/TaskView.svelte' },
};

export const examplePlugin = definePlugin(exampleDefinition);

export const exampleSamples: ContractSamples = {
  tasks: [{ imageUrl: 'https://example.test/1.jpg' }],
  submissions: [{ label: 'cat' }],
  orderParameters: { labels: ['cat', 'dog'] },
  imports: {
    csv: {
      input: 'imageUrl\nhttps://example.test/猫1.jpg\r\nhttps://example.test/2.jpg\n',
      badInput: 'imageUrl\nhttps://example.test/1.jpg\nnot a url\n',
      badRow: 3,
    },
  },
  accepted: [{ task: { imageUrl: 'https://example.test/1.jpg' }, submission: { label: 'cat' } }],
};
