import type { UnitCode } from '@chorale/domain';

/**
 * « Unité » is free text in the portal (webinar: « pièce », « jour »…) while EN 16931 wants a
 * UN/ECE Recommendation 20 code (BT-130, rule BR-CL-23). The usual French words map to their
 * code; anything else is billed as C62 (« unité ») and the typed word is kept in the item
 * description, so nothing the supplier wrote is lost.
 */
const REC20_BY_FRENCH_UNIT: Record<string, UnitCode> = {
  u: 'C62',
  un: 'C62',
  unite: 'C62',
  unites: 'C62',
  piece: 'H87',
  pieces: 'H87',
  pce: 'H87',
  pc: 'H87',
  forfait: 'LS',
  forfaits: 'LS',
  lot: 'LO',
  lots: 'LO',
  h: 'HUR',
  heure: 'HUR',
  heures: 'HUR',
  min: 'MIN',
  minute: 'MIN',
  minutes: 'MIN',
  j: 'DAY',
  jour: 'DAY',
  jours: 'DAY',
  semaine: 'WEE',
  semaines: 'WEE',
  mois: 'MON',
  an: 'ANN',
  ans: 'ANN',
  annee: 'ANN',
  annees: 'ANN',
  kg: 'KGM',
  g: 'GRM',
  t: 'TNE',
  tonne: 'TNE',
  tonnes: 'TNE',
  l: 'LTR',
  litre: 'LTR',
  litres: 'LTR',
  m: 'MTR',
  metre: 'MTR',
  metres: 'MTR',
  ml: 'MTR',
  km: 'KMT',
  m2: 'MTK',
  'm²': 'MTK',
  m3: 'MTQ',
  'm³': 'MTQ',
  kwh: 'KWH',
};

const normalise = (unit: string) =>
  unit
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\.$/, '');

/** The Rec 20 code of a typed unit, and whether the typed word had to be kept as text. */
export function unitCode(unit: string): { code: UnitCode; keepText: boolean } {
  if (unit.trim() === '') return { code: 'C62', keepText: false };
  const code = REC20_BY_FRENCH_UNIT[normalise(unit)];
  return code ? { code, keepText: false } : { code: 'C62', keepText: true };
}
