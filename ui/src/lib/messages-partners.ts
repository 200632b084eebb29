/**
 * Messages of the hub's Onboarding partner centres (wizard, agreement, launch checklist), merged into the catalogue by i18n.ts. Same rules: Japanese first; English
 * with exactly the same keys and {placeholders}.
 */
export const ja = {} as const;

export const en = {} as const;
