import { browser } from '$app/environment';
import {
  defaultLocale,
  format,
  isMessageKey,
  type Locale,
  type MessageArgs,
  type MessageKey,
  type PlainKey,
  pickLanguage,
} from './i18n';

const STORAGE_KEY = 'kado.locale';

function storedLocale(): Locale {
  if (!browser) return defaultLocale;
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'ja' ? value : defaultLocale;
  } catch {
    return defaultLocale;
  }
}

/** The language the app is shown in. Before sign-in it lives in localStorage; after, on the user. */
export const i18n = $state<{ locale: Locale }>({ locale: storedLocale() });

/** Sets the language on this device (the session module also saves it on the signed-in user). */
export function setDeviceLocale(locale: Locale): void {
  i18n.locale = locale;
  if (!browser) return;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** A message in the current language. Reactive: reading it in a template re-renders on a language switch. */
export function t<K extends MessageKey>(key: K, ...args: MessageArgs<K>): string {
  return format(i18n.locale, key, ...args);
}

/** The current language's half of a server text "日本語 / English". */
export function tServer(text: string): string {
  return pickLanguage(text, i18n.locale);
}

/** Dates and times in the current language, in the centre's time zone (Asia/Tokyo unless told). */
export function formatDateTime(
  value: string | number | Date | null | undefined,
  timeZone = 'Asia/Tokyo',
): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(i18n.locale === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(date);
}

export function formatDate(
  value: string | number | Date | null | undefined,
  timeZone = 'Asia/Tokyo',
): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(i18n.locale === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'medium',
    timeZone,
  }).format(date);
}

/** Name of a month (1–12) in the current language. */
export function monthName(n: number): string {
  if (i18n.locale === 'ja') return t('month.n', { n });
  return new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, n - 1, 1)),
  );
}

/** The message for a key built at run time (e.g. `auditAction.${action}`), or `fallback` if there is none. */
export function tOr(key: string, fallback: string): string {
  return isMessageKey(key) ? format(i18n.locale, key as PlainKey) : fallback;
}
