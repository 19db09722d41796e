/** Luhn checksum, used by SIREN (9 digits) and SIRET (14 digits). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** SIRET check, including La Poste's establishments (SIREN 356000000: digit sum multiple of 5). */
export function siretValid(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith('356000000')) return [...siret].reduce((s, c) => s + Number(c), 0) % 5 === 0;
  return luhnValid(siret);
}

/** French VAT number FRkk + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97. */
export function frenchVatValid(vat: string): boolean {
  const m = /^FR(\d{2})(\d{9})$/.exec(vat);
  if (!m) return false;
  return Number(m[1]) === (12 + 3 * (Number(m[2]) % 97)) % 97;
}

export function frenchVatFromSiren(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return `FR${String(key).padStart(2, '0')}${siren}`;
}
