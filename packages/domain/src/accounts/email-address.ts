/** Login addresses are compared case-insensitively: stored trimmed and lower-cased. */
export function normalizeEmail(address: string): string {
  return address.trim().toLowerCase();
}

// Deliberately simple: one @, no spaces, a dot in the domain. Real proof is the activation mail.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const EMAIL_MAX_LENGTH = 254;

export function isEmailAddress(address: string): boolean {
  const a = address.trim();
  return a.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(a);
}

/** « xl■■■■4 » style masking used on the confirmation screen of the webinar. */
export function maskEmail(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  const keep = (s: string) => (s.length <= 2 ? s.slice(0, 1) + '■■■■' : s.slice(0, 2) + '■■■■' + s.slice(-1));
  const [host = '', ...tld] = domain.split('.');
  return `${keep(local)}@${keep(host)}${tld.length ? '.' + tld.join('.') : ''}`;
}
