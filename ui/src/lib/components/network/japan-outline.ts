/**
 * A coarse outline of Japan for the hub's network map, drawn by hand from well-known coastal points
 * (capes, ports, bays) as [latitude, longitude] pairs — no geographic data set is shipped or needed. It is a
 * sketch: recognisable, a few kilometres off at best, with Okinawa in an inset box and the area around
 * Nagano (where most demo centres are) drawn again, larger, in a zoom box. Every demo centre and every
 * prefectural capital lies inside it (the centres are checked by ui/e2e/network.e2e.ts).
 *
 * Projection: equirectangular, longitudes shrunk by cos 36° (the middle of Honshu), so shapes keep their
 * proportions at Japan's latitudes. 1° of latitude = SCALE px.
 */

export type LatLngPair = readonly [lat: number, lng: number];

export interface Island {
  id: string;
  /** Closed ring, clockwise on the map; the first point is not repeated at the end. */
  ring: readonly LatLngPair[];
  /** Drawn in the Okinawa inset rather than at its true place. */
  inset?: boolean;
}

const HOKKAIDO: LatLngPair[] = [
  [45.52, 141.94],
  [44.95, 142.58],
  [44.35, 143.35],
  [44.02, 144.27],
  [44.35, 145.33],
  [44.02, 145.19],
  [43.55, 145.15],
  [43.38, 145.82],
  [43.2, 145.5],
  [42.98, 144.38],
  [42.6, 143.6],
  [41.92, 143.25],
  [42.3, 142.6],
  [42.63, 141.6],
  [42.32, 140.97],
  [42.47, 140.87],
  [42.52, 140.37],
  [42.25, 140.27],
  [42.1, 140.58],
  [41.8, 141.18],
  [41.77, 140.73],
  [41.4, 140.2],
  [41.43, 140.07],
  [41.87, 140.12],
  [42.45, 139.85],
  [42.95, 140.25],
  [43.37, 140.47],
  [43.2, 141.0],
  [43.22, 141.33],
  [43.85, 141.52],
  [43.95, 141.63],
  [44.36, 141.7],
  [44.88, 141.74],
  [45.42, 141.68],
];

const HONSHU: LatLngPair[] = [
  // Shimokita, then south along the Pacific.
  [41.52, 140.9],
  [41.43, 141.46],
  [40.53, 141.55],
  [39.64, 141.98],
  [39.27, 141.9],
  [38.9, 141.62],
  [38.28, 141.52],
  [38.25, 141.02],
  [37.8, 140.99],
  [37.0, 140.98],
  [36.6, 140.66],
  [35.72, 140.87],
  [35.1, 140.1],
  [34.9, 139.87],
  [35.3, 139.8],
  [35.57, 140.05],
  [35.66, 139.85],
  [35.45, 139.68],
  [35.14, 139.67],
  [35.25, 139.15],
  [34.6, 138.85],
  [35.08, 138.85],
  [35.12, 138.65],
  [35.0, 138.5],
  [34.93, 138.42],
  [34.86, 138.33],
  [34.6, 138.22],
  [34.66, 137.7],
  [34.58, 137.02],
  [34.72, 136.93],
  [35.05, 136.85],
  [34.96, 136.65],
  [34.72, 136.53],
  [34.6, 136.57],
  [34.5, 136.75],
  [34.48, 136.85],
  [34.27, 136.9],
  [34.07, 136.2],
  [33.44, 135.76],
  [33.72, 135.35],
  [33.88, 135.15],
  [34.22, 135.12],
  [34.47, 135.37],
  [34.58, 135.45],
  [34.65, 135.43],
  [34.67, 135.25],
  [34.655, 135.17],
  [34.64, 134.98],
  // The Inland Sea coast, west to Shimonoseki.
  [34.77, 134.68],
  [34.58, 133.95],
  [34.45, 133.38],
  [34.4, 133.2],
  [34.38, 133.08],
  [34.33, 132.92],
  [34.23, 132.56],
  [34.35, 132.45],
  [34.22, 132.22],
  [34.15, 132.2],
  [34.02, 131.8],
  [34.02, 131.5],
  [33.95, 131.25],
  [33.95, 130.92],
  // Up the Sea of Japan coast to Tsugaru.
  [34.4, 131.0],
  [34.42, 131.4],
  [34.68, 131.85],
  [34.9, 132.07],
  [35.02, 132.22],
  [35.1, 132.35],
  [35.2, 132.45],
  [35.3, 132.58],
  [35.43, 132.63],
  [35.57, 133.05],
  [35.55, 133.25],
  [35.45, 133.35],
  [35.55, 134.23],
  [35.65, 134.63],
  [35.78, 135.22],
  [35.5, 135.35],
  [35.65, 136.07],
  [35.95, 135.98],
  [36.22, 136.13],
  [36.32, 136.3],
  [36.62, 136.58],
  [36.9, 136.76],
  [37.1, 136.72],
  [37.52, 137.35],
  [37.05, 136.98],
  [36.85, 136.99],
  [36.76, 137.22],
  [36.83, 137.4],
  [37.0, 137.68],
  [37.07, 137.86],
  [37.2, 138.25],
  [37.38, 138.55],
  [37.65, 138.75],
  [37.95, 139.03],
  [38.22, 139.45],
  [38.92, 139.82],
  [39.2, 139.9],
  [39.72, 140.05],
  [39.88, 139.72],
  [39.95, 139.95],
  [40.21, 140.0],
  [40.65, 139.93],
  [41.25, 140.35],
  [41.05, 140.65],
  [40.86, 140.74],
  [40.88, 141.13],
  [41.28, 141.2],
  [41.15, 140.82],
];

const SHIKOKU: LatLngPair[] = [
  [34.23, 134.62],
  [34.07, 134.62],
  [33.83, 134.75],
  [33.25, 134.18],
  [33.5, 133.55],
  [33.38, 133.28],
  [32.72, 133.02],
  [32.92, 132.7],
  [33.22, 132.55],
  [33.34, 132.02],
  [33.45, 132.42],
  [33.85, 132.68],
  [33.98, 132.77],
  [34.08, 133.0],
  [33.97, 133.28],
  [34.13, 133.65],
  [34.3, 133.8],
  [34.36, 134.05],
  [34.33, 134.2],
  [34.25, 134.4],
];

const KYUSHU: LatLngPair[] = [
  [33.95, 130.96],
  [33.72, 131.02],
  [33.65, 131.72],
  [33.37, 131.55],
  [33.28, 131.5],
  [33.27, 131.65],
  [33.25, 131.88],
  [32.95, 131.95],
  [32.58, 131.7],
  [31.9, 131.48],
  [31.37, 131.34],
  [31.0, 130.67],
  [31.38, 130.8],
  [31.72, 130.75],
  [31.58, 130.6],
  [31.22, 130.64],
  [31.18, 130.52],
  [31.27, 130.3],
  [31.27, 130.22],
  [31.72, 130.27],
  [32.02, 130.19],
  [32.21, 130.37],
  [32.5, 130.58],
  [32.68, 130.55],
  [32.8, 130.58],
  [33.03, 130.43],
  [33.15, 130.38],
  [33.18, 130.25],
  [33.1, 130.12],
  [32.88, 130.1],
  [32.78, 130.38],
  [32.6, 130.2],
  [32.73, 130.18],
  [32.78, 130.05],
  [32.7, 129.9],
  [32.57, 129.76],
  [32.72, 129.8],
  [32.8, 129.78],
  [33.0, 129.63],
  [33.15, 129.7],
  [33.35, 129.55],
  [33.3, 129.85],
  [33.47, 129.97],
  [33.62, 130.35],
  [33.85, 130.5],
];

/** 天草 (Kamishima and Shimoshima as one). */
const AMAKUSA: LatLngPair[] = [
  [32.6, 130.15],
  [32.62, 130.35],
  [32.45, 130.42],
  [32.2, 130.22],
  [32.13, 130.05],
  [32.3, 129.98],
  [32.5, 130.05],
];

const SADO: LatLngPair[] = [
  [38.33, 138.51],
  [38.05, 138.56],
  [37.82, 138.33],
  [37.82, 138.24],
  [38.05, 138.24],
  [38.2, 138.33],
];

const AWAJI: LatLngPair[] = [
  [34.61, 135.0],
  [34.35, 134.95],
  [34.22, 134.8],
  [34.27, 134.68],
  [34.45, 134.83],
];

const OKINAWA: LatLngPair[] = [
  [26.87, 128.26],
  [26.7, 128.32],
  [26.45, 128.02],
  [26.3, 127.9],
  [26.17, 127.83],
  [26.08, 127.7],
  [26.21, 127.65],
  [26.44, 127.7],
  [26.63, 127.85],
  [26.7, 127.88],
  [26.75, 127.98],
];

export const ISLANDS: readonly Island[] = [
  { id: 'hokkaido', ring: HOKKAIDO },
  { id: 'honshu', ring: HONSHU },
  { id: 'shikoku', ring: SHIKOKU },
  { id: 'kyushu', ring: KYUSHU },
  { id: 'amakusa', ring: AMAKUSA },
  { id: 'sado', ring: SADO },
  { id: 'awaji', ring: AWAJI },
  { id: 'okinawa', ring: OKINAWA, inset: true },
];

/** px per degree of latitude. */
export const SCALE = 34;
const COS = Math.cos((36 * Math.PI) / 180);
/** The main frame: north-west corner and extent, in degrees. */
const WEST = 128.6;
const NORTH = 45.9;
const EAST = 146.2;
const SOUTH = 30.6;
const PAD = 8;

export const VIEW = {
  width: Math.round((EAST - WEST) * COS * SCALE + 2 * PAD),
  height: Math.round((NORTH - SOUTH) * SCALE + 2 * PAD),
};

/** The Okinawa inset: a box in the empty sea at the top left, drawn at 1.5× the main scale. */
const INSET = { west: 127.5, north: 27.0, east: 128.45, south: 26.0, zoom: 1.5, x: PAD + 4, y: PAD + 4 };
export const INSET_BOX = {
  x: INSET.x,
  y: INSET.y,
  width: (INSET.east - INSET.west) * COS * SCALE * INSET.zoom,
  height: (INSET.north - INSET.south) * SCALE * INSET.zoom,
};

/** Whether a point belongs in the Okinawa inset (the Ryukyu islands, south-west of Kyushu). */
export const inInset = (lat: number, lng: number) => lat < 28.5 && lng < 131.5;

/** Map coordinates (px) of a point: in the inset for the Ryukyus, at its place otherwise. */
export function project(lat: number, lng: number): { x: number; y: number } {
  if (inInset(lat, lng))
    return {
      x: INSET.x + (lng - INSET.west) * COS * SCALE * INSET.zoom,
      y: INSET.y + (INSET.north - lat) * SCALE * INSET.zoom,
    };
  return { x: PAD + (lng - WEST) * COS * SCALE, y: PAD + (NORTH - lat) * SCALE };
}

/**
 * The zoom inset: most of the demo network lies within a few tens of kilometres in and around Nagano, so that
 * area is drawn again four times larger in the empty Pacific at the bottom right, and the centres inside it
 * are drawn there only (one dot per centre). `ZOOM_AREA` is the zoomed rectangle in main-map px.
 */
const ZOOM = { west: 137.42, north: 37.12, east: 138.4, south: 35.4, zoom: 4 };
const zoomCorner = project(ZOOM.north, ZOOM.west);
const zoomFar = project(ZOOM.south, ZOOM.east);
export const ZOOM_AREA = {
  x: zoomCorner.x,
  y: zoomCorner.y,
  width: zoomFar.x - zoomCorner.x,
  height: zoomFar.y - zoomCorner.y,
};
export const ZOOM_BOX = {
  width: ZOOM_AREA.width * ZOOM.zoom,
  height: ZOOM_AREA.height * ZOOM.zoom,
  x: VIEW.width - PAD - ZOOM_AREA.width * ZOOM.zoom - 6,
  y: VIEW.height - PAD - ZOOM_AREA.height * ZOOM.zoom - 6,
};

/** Whether a point is drawn in the zoom inset. */
export const inZoom = (lat: number, lng: number) =>
  lat <= ZOOM.north && lat >= ZOOM.south && lng >= ZOOM.west && lng <= ZOOM.east;

/** Where a centre's dot goes: in the zoom inset if it lies in the zoomed area, else where project() puts it. */
export function place(lat: number, lng: number): { x: number; y: number; zoomed: boolean } {
  const p = project(lat, lng);
  if (!inZoom(lat, lng)) return { ...p, zoomed: false };
  return {
    x: ZOOM_BOX.x + (p.x - ZOOM_AREA.x) * ZOOM.zoom,
    y: ZOOM_BOX.y + (p.y - ZOOM_AREA.y) * ZOOM.zoom,
    zoomed: true,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** An SVG path ("M … L … Z") of an island. */
export function islandPath(island: Island): string {
  return `${island.ring
    .map(([lat, lng], i) => {
      const { x, y } = project(lat, lng);
      return `${i === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`;
    })
    .join(' ')} Z`;
}

/** Whether a point lies inside a ring (ray casting, in degrees). */
function inside(ring: readonly LatLngPair[], lat: number, lng: number): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [yi, xi] = ring[i]!;
    const [yj, xj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Whether a point falls on one of the drawn islands: where a centre's dot must land. */
export const onLand = (lat: number, lng: number) => ISLANDS.some((island) => inside(island.ring, lat, lng));
