/**
 * Where the centres are, for the hub's map: public facts only, written by hand (no data set is shipped).
 *
 * - MUNICIPALITIES: the city / town hall of each demo municipality, by its 6-digit 全国地方公共団体コード
 *   (JIS X 0402 code + check digit), to within a kilometre or two. Add a line when a centre joins.
 * - PREFECTURE_CAPITALS: the prefectural government office of each of the 47 prefectures, by the prefecture's
 *   name as tenants store it ("長野県"), so a centre whose municipality is not listed still gets a point.
 *
 * A few codes worth knowing: 大町市 is 202126 (202088 is 小諸市); 川本町 (島根県) is 324418, and 324485 is
 * its neighbour 美郷町 — listed too, because tenants/kawamoto/tenant.json carries that code today.
 */

export interface LatLng {
  lat: number;
  lng: number;
}

export interface CentreLocation extends LatLng {
  /** 'municipality': the municipal office of its code; 'prefecture': its prefecture's capital (fallback). */
  precision: 'municipality' | 'prefecture' | 'none';
}

export const MUNICIPALITIES: Readonly<Record<string, LatLng & { name: string }>> = {
  '202151': { name: '長野県塩尻市', lat: 36.1153, lng: 137.9535 },
  '202029': { name: '長野県松本市', lat: 36.2381, lng: 137.972 },
  '212067': { name: '岐阜県中津川市', lat: 35.4876, lng: 137.5006 },
  '203246': { name: '長野県北佐久郡立科町', lat: 36.2723, lng: 138.3157 },
  '202207': { name: '長野県安曇野市', lat: 36.3044, lng: 137.9058 },
  '202126': { name: '長野県大町市', lat: 36.5029, lng: 137.8514 },
  '152161': { name: '新潟県糸魚川市', lat: 37.039, lng: 137.8628 },
  '203831': { name: '長野県上伊那郡箕輪町', lat: 35.915, lng: 137.982 },
  '012157': { name: '北海道美唄市', lat: 43.333, lng: 141.8537 },
  '324418': { name: '島根県邑智郡川本町', lat: 34.9939, lng: 132.4942 },
  '324485': { name: '島根県邑智郡美郷町', lat: 34.9784, lng: 132.5908 },
  '432156': { name: '熊本県天草市', lat: 32.4585, lng: 130.1932 },
};

/** The 47 prefectural government offices (都道府県庁所在地). */
export const PREFECTURE_CAPITALS: Readonly<Record<string, LatLng>> = {
  北海道: { lat: 43.0642, lng: 141.3469 },
  青森県: { lat: 40.8244, lng: 140.74 },
  岩手県: { lat: 39.7036, lng: 141.1527 },
  宮城県: { lat: 38.2688, lng: 140.8721 },
  秋田県: { lat: 39.7186, lng: 140.1024 },
  山形県: { lat: 38.2404, lng: 140.3633 },
  福島県: { lat: 37.7503, lng: 140.4676 },
  茨城県: { lat: 36.3418, lng: 140.4468 },
  栃木県: { lat: 36.5657, lng: 139.8836 },
  群馬県: { lat: 36.3911, lng: 139.0608 },
  埼玉県: { lat: 35.8569, lng: 139.6489 },
  千葉県: { lat: 35.6046, lng: 140.1233 },
  東京都: { lat: 35.6895, lng: 139.6917 },
  神奈川県: { lat: 35.4478, lng: 139.6425 },
  新潟県: { lat: 37.9022, lng: 139.0236 },
  富山県: { lat: 36.6953, lng: 137.2113 },
  石川県: { lat: 36.5947, lng: 136.6256 },
  福井県: { lat: 36.0652, lng: 136.2216 },
  山梨県: { lat: 35.6642, lng: 138.5684 },
  長野県: { lat: 36.6513, lng: 138.181 },
  岐阜県: { lat: 35.3912, lng: 136.7223 },
  静岡県: { lat: 34.9769, lng: 138.3831 },
  愛知県: { lat: 35.1802, lng: 136.9066 },
  三重県: { lat: 34.7303, lng: 136.5086 },
  滋賀県: { lat: 35.0045, lng: 135.8686 },
  京都府: { lat: 35.0212, lng: 135.7556 },
  大阪府: { lat: 34.6863, lng: 135.52 },
  兵庫県: { lat: 34.6913, lng: 135.183 },
  奈良県: { lat: 34.6851, lng: 135.8329 },
  和歌山県: { lat: 34.226, lng: 135.1675 },
  鳥取県: { lat: 35.5036, lng: 134.2383 },
  島根県: { lat: 35.4723, lng: 133.0505 },
  岡山県: { lat: 34.6618, lng: 133.9344 },
  広島県: { lat: 34.3966, lng: 132.4596 },
  山口県: { lat: 34.1859, lng: 131.4714 },
  徳島県: { lat: 34.0657, lng: 134.5593 },
  香川県: { lat: 34.3401, lng: 134.0434 },
  愛媛県: { lat: 33.8416, lng: 132.7657 },
  高知県: { lat: 33.5597, lng: 133.5311 },
  福岡県: { lat: 33.6064, lng: 130.4181 },
  佐賀県: { lat: 33.2494, lng: 130.2988 },
  長崎県: { lat: 32.7448, lng: 129.8737 },
  熊本県: { lat: 32.7898, lng: 130.7417 },
  大分県: { lat: 33.2382, lng: 131.6126 },
  宮崎県: { lat: 31.9111, lng: 131.4239 },
  鹿児島県: { lat: 31.5602, lng: 130.5581 },
  沖縄県: { lat: 26.2124, lng: 127.6809 },
};

/** The centre of Japan's main islands, for a centre whose prefecture is not a known name either. */
const FALLBACK: LatLng = { lat: 36.2, lng: 138.25 };

/** A point for every centre: its municipality's office, else its prefecture's capital, else central Japan. */
export function locate(localGovernmentCode: string, prefecture: string): CentreLocation {
  const m = MUNICIPALITIES[localGovernmentCode.trim()];
  if (m) return { lat: m.lat, lng: m.lng, precision: 'municipality' };
  const p = PREFECTURE_CAPITALS[prefecture.trim()];
  if (p) return { ...p, precision: 'prefecture' };
  return { ...FALLBACK, precision: 'none' };
}
