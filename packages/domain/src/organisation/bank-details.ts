/** IBAN (ISO 13616, mod 97) and BIC (ISO 9362) checks with French messages. */
const IBAN_LENGTHS: Record<string, number> = {
  FR: 27,
  MC: 27,
  DE: 22,
  BE: 16,
  ES: 24,
  IT: 27,
  LU: 20,
  NL: 18,
  PT: 25,
  CH: 21,
  GB: 22,
  IE: 22,
  AT: 20,
};

export function normalizeIban(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

export function ibanProblem(raw: string): string | null {
  const iban = normalizeIban(raw);
  if (iban === '') return "Saisissez l'IBAN.";
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban))
    return 'L’IBAN commence par 2 lettres (le pays) et 2 chiffres, suivis de 10 à 30 lettres ou chiffres.';
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected && iban.length !== expected)
    return `Un IBAN ${iban.slice(0, 2)} comporte ${expected} caractères (${iban.length} saisis).`;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const numeric = rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const ch of numeric) remainder = (remainder * 10 + Number(ch)) % 97;
  return remainder === 1 ? null : 'Cet IBAN n’est pas valide (clé de contrôle incorrecte) : vérifiez chaque caractère.';
}

export function bicProblem(raw: string): string | null {
  const bic = raw.replace(/\s/g, '').toUpperCase();
  if (bic === '') return 'Saisissez le BIC.';
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)
    ? null
    : 'Le BIC comporte 8 ou 11 caractères : 4 lettres (banque), 2 lettres (pays), 2 caractères (lieu), et éventuellement 3 caractères (agence).';
}

/** « FR76 3000 6000 0112 3456 7890 189 »: an IBAN as printed for people, in groups of four. */
export function formatIban(iban: string): string {
  return normalizeIban(iban)
    .replace(/(.{4})(?=.)/g, '$1 ')
    .trim();
}
