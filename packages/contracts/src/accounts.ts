import { z } from 'zod';
import { EMAIL_MAX_LENGTH, isEmailAddress, passwordProblem } from '@chorale/domain';
import { requiredText, text } from './text.ts';

export const emailSchema = (label: string) =>
  requiredText(label, EMAIL_MAX_LENGTH).refine(
    isEmailAddress,
    `« ${label} » n’est pas une adresse électronique valide (exemple : prenom.nom@entreprise.fr).`,
  );

const email = emailSchema;
const name = (label: string) => requiredText(label, 100);

export const phoneSchema = text('Téléphone', 30).refine(
  (v) => v === '' || /^\+?[0-9 .()-]{6,30}$/.test(v),
  'Le téléphone ne doit contenir que des chiffres, espaces, points, tirets et un « + » initial.',
);

const password = text('Nouveau mot de passe', 1024, { trim: false, required: true }).superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const passwordPair = z
  .object({
    password,
    passwordConfirmation: text('Confirmation du nouveau mot de passe', 1024, { trim: false, required: true }),
  })
  .refine((v) => v.password === v.passwordConfirmation, {
    path: ['passwordConfirmation'],
    message: 'La confirmation ne correspond pas au nouveau mot de passe.',
  });

// « Créer un compte »
export const signUpSchema = z
  .object({
    loginEmail: email('Adresse électronique de connexion'),
    loginEmailConfirmation: email('Ressaisissez votre adresse électronique de connexion'),
    firstName: name('Prénom'),
    lastName: name('Nom'),
    phone: phoneSchema.optional().default(''),
    contactEmail: z
      .union([z.literal(''), email('E-mail du contact')])
      .optional()
      .default(''),
    surveyConsent: z.boolean().default(false),
    acceptTerms: z.boolean().refine((v) => v, 'Vous devez accepter les conditions pour créer votre compte.'),
    captcha: text('Captcha', 10_000).min(1, 'Veuillez valider le captcha.'),
  })
  .refine((v) => v.loginEmail.toLowerCase() === v.loginEmailConfirmation.toLowerCase(), {
    path: ['loginEmailConfirmation'],
    message: 'Les deux adresses électroniques de connexion ne sont pas identiques.',
  });
export type SignUpInput = z.input<typeof signUpSchema>;

export const signUpResultSchema = z.object({ firstName: z.string(), maskedEmail: z.string() });
export type SignUpResult = z.infer<typeof signUpResultSchema>;

export const tokenPurposes = ['activation', 'password_reset', 'login_email_change'] as const;
export type TokenPurpose = (typeof tokenPurposes)[number];
export const tokenSchema = text('Jeton', 200).min(
  10,
  'Ce lien est incomplet : copiez-le en entier depuis le courriel.',
);

export const tokenStatusSchema = z.object({ token: tokenSchema, purpose: z.enum(tokenPurposes) });

// « Mise à jour du mot de passe » from the activation or reset link
export const setPasswordWithTokenSchema = z.intersection(z.object({ token: tokenSchema }), passwordPair);

export const changePasswordSchema = z.intersection(
  z.object({ currentPassword: text('Mot de passe actuel', 1024, { trim: false, required: true }) }),
  passwordPair,
);
export type PasswordPair = z.input<typeof passwordPair>;

// « Connexion »
export const signInSchema = z.object({
  loginEmail: email('Adresse de connexion'),
  password: text('Mot de passe', 1024, { trim: false, required: true }),
});

export const factorKinds = ['email', 'totp', 'webauthn'] as const;
export type FactorKind = (typeof factorKinds)[number];

export const factorSchema = z.object({
  id: z.number().int(),
  kind: z.enum(factorKinds),
  label: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type Factor = z.infer<typeof factorSchema>;

export const signInResultSchema = z.object({
  stage: z.literal('mfa'),
  /** The factor asked first (the strongest the user has); others via « Se connecter d'une autre façon ». */
  factor: factorSchema,
  factors: z.array(factorSchema),
});
export type SignInResult = z.infer<typeof signInResultSchema>;

export const selectFactorSchema = z.object({ factorId: z.number().int() });
/** For an e-mail factor: the code is sent; for WebAuthn: the options for navigator.credentials.get. */
export const selectFactorResultSchema = z.object({
  factor: factorSchema,
  maskedEmail: z.string().optional(),
  webauthnOptions: z.unknown().optional(),
});
export type SelectFactorResult = z.infer<typeof selectFactorResultSchema>;

export const verifyFactorSchema = z.object({
  factorId: z.number().int(),
  code: text("Code d'authentification", 6)
    .regex(/^\d{6}$/, 'Le code d’authentification comporte 6 chiffres.')
    .optional(),
  webauthnResponse: z.unknown().optional(),
});

export const passwordResetRequestSchema = z.object({ loginEmail: email('Adresse de connexion') });

export const profileSchema = z.object({
  id: z.number().int(),
  loginEmail: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string(),
  contactEmail: z.string(),
  surveyConsent: z.boolean(),
  /** True until the « Félicitations ! » dialog has been shown once. */
  firstSignIn: z.boolean(),
  /** Platform support operator: answers the tickets addressed to the platform. */
  isOperator: z.boolean(),
});
export type Profile = z.infer<typeof profileSchema>;

export const sessionStateSchema = z.object({
  stage: z.enum(['anonymous', 'mfa', 'signed-in']),
  user: profileSchema.nullable(),
  /** Whether the dev outbox (/outbox) exists: only when no SMTP server is configured. */
  devOutbox: z.boolean(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const updateProfileSchema = z.object({
  firstName: name('Prénom'),
  lastName: name('Nom'),
  phone: phoneSchema,
  contactEmail: email('E-mail du contact'),
  surveyConsent: z.boolean(),
});
export type ProfileUpdate = z.input<typeof updateProfileSchema>;

export const startTotpResultSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrCodeDataUrl: z.string(),
});
export type StartTotpResult = z.infer<typeof startTotpResultSchema>;
export const addTotpSchema = z.object({
  code: text('Code unique', 6).regex(/^\d{6}$/, 'Le code unique comporte 6 chiffres.'),
  deviceName: text('Nom de l’appareil', 60).optional().default(''),
});
export const addWebauthnSchema = z.object({
  response: z.unknown(),
  deviceName: text('Nom de l’appareil', 60).optional().default(''),
});

export const changeLoginEmailSchema = z
  .object({
    newLoginEmail: email('Nouvelle adresse de connexion'),
    newLoginEmailConfirmation: email('Ressaisissez la nouvelle adresse de connexion'),
    password: text('Mot de passe', 1024, { trim: false, required: true }),
  })
  .refine((v) => v.newLoginEmail.toLowerCase() === v.newLoginEmailConfirmation.toLowerCase(), {
    path: ['newLoginEmailConfirmation'],
    message: 'Les deux adresses ne sont pas identiques.',
  });

export const securityEventKinds = [
  'sign_in',
  'sign_in_failed',
  'mfa_failed',
  'mfa_locked',
  'password_set',
  'password_changed',
  'password_reset',
  'factor_added',
  'factor_removed',
  'login_email_changed',
  'sign_out',
  'api_token_created',
  'api_token_revoked',
] as const;
export type SecurityEventKind = (typeof securityEventKinds)[number];

export const securityEventSchema = z.object({
  kind: z.enum(securityEventKinds),
  at: z.string(),
  ip: z.string().nullable(),
  detail: z.string().nullable(),
});
export type SecurityEvent = z.infer<typeof securityEventSchema>;
