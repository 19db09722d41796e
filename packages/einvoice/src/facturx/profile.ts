/** Factur-X profiles (BT-24 guideline ids and XMP fx:ConformanceLevel values). */
export const FACTURX_PROFILES = ['MINIMUM', 'BASIC WL', 'BASIC', 'EN 16931', 'EXTENDED', 'XRECHNUNG'] as const;
export type FacturxProfile = (typeof FACTURX_PROFILES)[number];

export const GUIDELINE_OF_PROFILE: Record<Exclude<FacturxProfile, 'XRECHNUNG'>, string> = {
  MINIMUM: 'urn:factur-x.eu:1p0:minimum',
  'BASIC WL': 'urn:factur-x.eu:1p0:basicwl',
  BASIC: 'urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic',
  'EN 16931': 'urn:cen.eu:en16931:2017',
  EXTENDED: 'urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended',
};

/** The profile a CII guideline id (BT-24) announces, or null when it is none of Factur-X's. */
export function profileOfGuideline(id: string | null): FacturxProfile | null {
  if (!id) return null;
  const v = id.trim().toLowerCase();
  if (v.endsWith(':minimum')) return 'MINIMUM';
  if (v.endsWith(':basicwl')) return 'BASIC WL';
  if (v.endsWith(':basic')) return 'BASIC';
  if (v.includes('extended')) return 'EXTENDED';
  if (v.includes('xrechnung')) return 'XRECHNUNG';
  if (v.startsWith('urn:cen.eu:en16931:2017')) return 'EN 16931';
  return null;
}

export function profileOfConformanceLevel(level: string | null): FacturxProfile | null {
  if (!level) return null;
  const v = level.trim().toUpperCase().replace('BASICWL', 'BASIC WL').replace('EN16931', 'EN 16931');
  return (FACTURX_PROFILES as readonly string[]).includes(v) ? (v as FacturxProfile) : null;
}
