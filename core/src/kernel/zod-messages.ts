import { z } from 'zod';

/** Validation messages in Japanese first, English second, e.g. "無効な入力: … / Invalid input: …". */
export function useBilingualZodMessages(): void {
  const ja = z.locales.ja().localeError;
  const en = z.locales.en().localeError;
  const text = (m: ReturnType<typeof ja>) => (typeof m === 'string' ? m : (m?.message ?? ''));
  z.config({ localeError: (issue) => `${text(ja(issue))} / ${text(en(issue))}` });
}
