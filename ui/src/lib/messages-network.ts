/**
 * Messages of the hub's The hub's network view (centres, capacity, outcomes, map), merged into the catalogue by i18n.ts. Same rules: Japanese first; English
 * with exactly the same keys and {placeholders}.
 */
export const ja = {} as const;

export const en = {} as const;
