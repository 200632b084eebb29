/**
 * Messages of the worker's task pages and the client's order pages, merged into the catalogue
 * by i18n.ts. Same rules: Japanese first; English with exactly the same keys and {placeholders}.
 */
export const ja = {
  'work.placeholder': '',
} as const;

export const en = {
  'work.placeholder': '',
} as const satisfies Record<keyof typeof ja, string>;
