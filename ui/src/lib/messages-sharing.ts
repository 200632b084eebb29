/**
 * Messages of sharing hub orders (allocation, offers, the live board, settlement) and the network menu,
 * merged into the catalogue by i18n.ts. Same rules: Japanese first; English with exactly the same keys and
 * {placeholders}.
 */
export const ja = {
  'nav.network': 'ネットワーク',
  'nav.networkMenu': 'ネットワークのメニュー',
  'nav.partners': 'パートナーセンター',
  'nav.partnership': 'ハブとの連携',
  'nav.networkView': 'ネットワーク概況',
  'nav.shares': 'ワークシェア',
  'nav.offers': 'ハブからの依頼',
  'nav.training': '研修',
} as const;

export const en = {
  'nav.network': 'Network',
  'nav.networkMenu': 'Network menu',
  'nav.partners': 'Partner centres',
  'nav.partnership': 'Hub partnership',
  'nav.networkView': 'Network overview',
  'nav.shares': 'Work sharing',
  'nav.offers': 'Offers from the hub',
  'nav.training': 'Training',
} as const;
