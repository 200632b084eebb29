/** A tiny message catalogue. Japanese is the default locale; English comes second. */
const ja = {
  'app.name': 'KADO',
  'app.home': 'KADO ホーム',
  'skip.toContent': '本文へ移動',
  'home.title': '自営型テレワークセンター KADO',
  'home.lead': 'KADO は、自治体が運営する自営型テレワークセンターのためのソフトウェアです。',
  'home.apiDocs': 'API リファレンス',
  'status.label': 'サーバーの状態',
  'status.checking': '確認中…',
  'status.running': '稼働中',
  'status.down': '応答なし',
} as const;

export type MessageKey = keyof typeof ja;

const en: Record<MessageKey, string> = {
  'app.name': 'KADO',
  'app.home': 'KADO home',
  'skip.toContent': 'Skip to content',
  'home.title': 'KADO self-employed telework centres',
  'home.lead': 'KADO is software for self-employed telework centres run by municipalities.',
  'home.apiDocs': 'API reference',
  'status.label': 'Server status',
  'status.checking': 'Checking…',
  'status.running': 'Running',
  'status.down': 'Not responding',
};

export const messages = { ja, en } satisfies Record<string, Record<MessageKey, string>>;

export type Locale = keyof typeof messages;

export const defaultLocale: Locale = 'ja';

/** The message for `key` in `locale` (Japanese by default). */
export function t(key: MessageKey, locale: Locale = defaultLocale): string {
  return messages[locale][key];
}
