/** `typeIdentifiantStructure` values; the last one is Chorale's own (no API code exists for it). */
export const structureIdentifierTypes = [
  'SIRET',
  'UE_HORS_FRANCE',
  'HORS_UE',
  'RIDET',
  'TAHITI',
  'AUTRE',
  'PARTICULIER',
  'EN_COURS_IMMATRICULATION',
] as const;
export type StructureIdentifierType = (typeof structureIdentifierTypes)[number];

export const structureKinds = ['PRIVEE', 'PUBLIQUE'] as const;
export type StructureKind = (typeof structureKinds)[number];

const LA_POSTE_SIREN = '356000000';

/** The Luhn sum of a string of digits: SIREN and SIRET are valid when it is a multiple of 10. */
export function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

/**
 * French message for a SIRET that cannot be right, or null. 14 digits with a Luhn key; La Poste's
 * establishments (SIREN 356000000) instead have a digit sum that is a multiple of 5.
 */
export function siretProblem(value: string): string | null {
  const v = value.replace(/\s/g, '');
  if (v === '') return 'Saisissez le numéro SIRET (14 chiffres).';
  if (!/^\d+$/.test(v)) return 'Le numéro SIRET ne contient que des chiffres (14 chiffres, sans lettre ni signe).';
  if (v.length !== 14) return `Le numéro SIRET comporte 14 chiffres (${v.length} saisi${v.length > 1 ? 's' : ''}).`;
  if (v.startsWith(LA_POSTE_SIREN)) {
    const digitSum = [...v].reduce((s, d) => s + Number(d), 0);
    return digitSum % 5 === 0 ? null : 'Ce numéro SIRET de La Poste n’est pas valide : vérifiez chaque chiffre.';
  }
  return luhnSum(v) % 10 === 0
    ? null
    : 'Ce numéro SIRET n’est pas valide (clé de contrôle incorrecte) : vérifiez chaque chiffre.';
}

/** Checks the identifier for its type; returns the normalised value or the French reason. */
export function checkStructureIdentifier(
  type: StructureIdentifierType,
  raw: string,
): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.trim().toUpperCase();
  switch (type) {
    case 'SIRET': {
      const problem = siretProblem(value);
      return problem ? { ok: false, message: problem } : { ok: true, value: value.replace(/\s/g, '') };
    }
    case 'RIDET':
      // New Caledonia: 7-digit RIDEN followed by a 3-digit establishment rank.
      return /^\d{7}\s?\d{3}$/.test(value)
        ? { ok: true, value: value.replace(/\s/g, '') }
        : {
            ok: false,
            message: 'Le numéro RIDET comporte 10 chiffres (7 chiffres du RIDEN puis 3 chiffres d’établissement).',
          };
    case 'TAHITI':
      return /^[A-Z0-9]{6,9}$/.test(value)
        ? { ok: true, value }
        : { ok: false, message: 'Le numéro TAHITI comporte 6 à 9 caractères (lettres et chiffres).' };
    case 'UE_HORS_FRANCE':
      return /^[A-Z]{2}[A-Z0-9+*.]{2,13}$/.test(value.replace(/\s/g, ''))
        ? { ok: true, value: value.replace(/\s/g, '') }
        : {
            ok: false,
            message:
              'Saisissez le numéro de TVA intracommunautaire : code pays de 2 lettres suivi de 2 à 13 caractères.',
          };
    default:
      return value.length >= 1 && value.length <= 80
        ? { ok: true, value }
        : { ok: false, message: 'L’identifiant doit contenir entre 1 et 80 caractères.' };
  }
}

/**
 * The French intra-community VAT number of a company, derived from its SIREN (the first 9 digits of
 * a SIRET): « FR » + key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. An invoice between
 * professionals carries both parties' numbers (code général des impôts, art. 242 nonies A).
 */
export function frenchVatNumber(siretOrSiren: string): string | null {
  const siren = siretOrSiren.replace(/\s/g, '').slice(0, 9);
  if (!/^\d{9}$/.test(siren)) return null;
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}
