/** What the national company registry says of one establishment, to prefill a new structure. */
export interface CompanyRecord {
  siret: string;
  companyName: string;
  /** Trade name (« enseigne »), if any. */
  label: string | null;
  address: string;
  addressComplement1: string | null;
  addressComplement2: string | null;
  postalCode: string;
  city: string;
  countryCode: 'FR';
  /** The owner refused publication (INSEE « non diffusible »): show no details to others. */
  nonDiffusible: boolean;
  /** false for a closed establishment (« fermé »). */
  active: boolean;
}

/** The registry could not answer; the message is for the user, in French. */
export class CompanyRegistryError extends Error {}
