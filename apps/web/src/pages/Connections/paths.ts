/** The address of « Raccordements » (the password reminder mail links to it: cpro/password-reminder.ts). */
export const connectionsPaths = { domain: '/raccordements' };
