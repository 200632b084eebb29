/** Order parameters of the work types with a structured editor (see plugins/<id>/src and READMEs). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const FIELD_TYPES = ['text', 'number', 'date', 'postal-code', 'phone', 'choice'] as const;
export const PLACES = ['centre', 'home', 'either'] as const;
export const STRUCTURED = ['image-annotation', 'data-entry', 'shift-operations'] as const;

export interface FormFieldParam {
  key: string;
  label: { ja: string; en: string };
  type: (typeof FIELD_TYPES)[number];
  required: boolean;
  choices?: string[];
}

export interface SlotParam {
  days: (typeof WEEKDAYS)[number][];
  start: string;
  end: string;
  staff: number;
}

export const hasStructuredEditor = (workType: string) => (STRUCTURED as readonly string[]).includes(workType);

/** A starting point for a new order of `workType`. */
export function defaultParameters(workType: string): Record<string, unknown> {
  switch (workType) {
    case 'image-annotation':
      return { labels: [''] };
    case 'data-entry':
      return { form: { fields: [{ key: '', label: { ja: '', en: '' }, type: 'text', required: true }] } };
    case 'shift-operations':
      return {
        service: { ja: '', en: '' },
        place: 'centre',
        slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', staff: 1 }],
        maxShiftMinutes: 240,
      };
    default:
      return {};
  }
}

/** What is sent: empty choice lines dropped, choices only on choice fields. */
export function cleanParameters(
  workType: string,
  parameters: Record<string, unknown>,
): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(parameters)) as Record<string, unknown>;
  if (workType === 'data-entry') {
    const fields = (copy.form as { fields?: FormFieldParam[] } | undefined)?.fields ?? [];
    for (const f of fields) {
      if (f.type === 'choice') f.choices = (f.choices ?? []).map((c) => c.trim()).filter(Boolean);
      else delete f.choices;
    }
  }
  if (workType === 'image-annotation' && Array.isArray(copy.labels))
    copy.labels = (copy.labels as string[]).map((l) => l.trim());
  return copy;
}

const KNOWN: Record<string, RegExp[]> = {
  'image-annotation': [/^labels(\/\d+)?$/],
  'data-entry': [/^form\/fields$/, /^form\/fields\/\d+\/(key|label\/ja|label\/en|type|choices)$/],
  'shift-operations': [
    /^service\/(ja|en)$/,
    /^place$/,
    /^maxShiftMinutes$/,
    /^slots$/,
    /^slots\/\d+\/(days|start|end|staff)$/,
  ],
};

/** Whether the structured editor of `workType` shows the error at `path` (under /body/parameters/) by its input. */
export const shownByEditor = (workType: string, path: string) =>
  (KNOWN[workType] ?? []).some((re) => re.test(path));
