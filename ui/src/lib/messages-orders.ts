/**
 * Messages of the staff's order, client, project and review pages, merged into the catalogue
 * by i18n.ts. Same rules: Japanese first; English with exactly the same keys and {placeholders}.
 */
export const ja = {
  'orders.placeholder': '',
} as const;

export const en = {
  'orders.placeholder': '',
} as const satisfies Record<keyof typeof ja, string>;
