/**
 * Password rule of the webinar (« Mise à jour du mot de passe »): at least 12 characters and at
 * least 3 of the 4 classes. Shared by the portal (live checklist) and the server (final check).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MIN_CLASSES = 3;
export const PASSWORD_MAX_LENGTH = 256;

export const passwordRuleIds = ['length', 'classes', 'maxLength'] as const;
export type PasswordRuleId = (typeof passwordRuleIds)[number];

export const passwordClassIds = ['upper', 'lower', 'digit', 'special'] as const;
export type PasswordClassId = (typeof passwordClassIds)[number];

const classTests: Record<PasswordClassId, (ch: string) => boolean> = {
  upper: (ch) => ch !== ch.toLowerCase() && ch === ch.toUpperCase(),
  lower: (ch) => ch !== ch.toUpperCase() && ch === ch.toLowerCase(),
  digit: (ch) => /\p{Nd}/u.test(ch),
  special: (ch) => !/[\p{L}\p{Nd}]/u.test(ch) && !/\s/u.test(ch),
};

export interface PasswordCheck {
  length: number;
  classesPresent: PasswordClassId[];
  /** Rules not met, in display order; empty when the password is acceptable. */
  unmet: PasswordRuleId[];
}

export function checkPassword(password: string): PasswordCheck {
  const chars = Array.from(password);
  const classesPresent = passwordClassIds.filter((id) => chars.some(classTests[id]));
  const unmet: PasswordRuleId[] = [];
  if (chars.length < PASSWORD_MIN_LENGTH) unmet.push('length');
  if (classesPresent.length < PASSWORD_MIN_CLASSES) unmet.push('classes');
  if (chars.length > PASSWORD_MAX_LENGTH) unmet.push('maxLength');
  return { length: chars.length, classesPresent, unmet };
}

export const passwordRuleLabels: Record<PasswordRuleId, string> = {
  length: `Au moins ${PASSWORD_MIN_LENGTH} caractères`,
  classes: `Au moins ${PASSWORD_MIN_CLASSES} types de caractères parmi : majuscules, minuscules, chiffres, caractères spéciaux`,
  maxLength: `Au plus ${PASSWORD_MAX_LENGTH} caractères`,
};

export const passwordClassLabels: Record<PasswordClassId, string> = {
  upper: 'majuscule',
  lower: 'minuscule',
  digit: 'chiffre',
  special: 'caractère spécial',
};

/** French message for the first unmet rule, for the field's error text. */
export function passwordProblem(password: string): string | null {
  const { unmet, classesPresent, length } = checkPassword(password);
  if (unmet.includes('length'))
    return `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères (${length} saisis).`;
  if (unmet.includes('classes'))
    return `Le mot de passe doit mêler au moins ${PASSWORD_MIN_CLASSES} types de caractères parmi majuscules, minuscules, chiffres et caractères spéciaux (${classesPresent.length} présents).`;
  if (unmet.includes('maxLength')) return `Le mot de passe ne doit pas dépasser ${PASSWORD_MAX_LENGTH} caractères.`;
  return null;
}
