/**
 * Messages of the hub's Training across the network (courses, sessions, enrolment, assessment), merged into the catalogue by i18n.ts. Same rules: Japanese first; English
 * with exactly the same keys and {placeholders}.
 */
export const ja = {} as const;

export const en = {} as const;
