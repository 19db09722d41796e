import type {
  ApiToken,
  ApiTokenForm,
  CreatedApiToken,
  DirectoryPage,
  Factor,
  LoginEmailChanged,
  MaskedEmail,
  Profile,
  ProfileUpdate,
  PasswordPair,
  SecurityEvent,
  SelectFactorResult,
  SessionState,
  SignInResult,
  SignUpInput,
  SignUpResult,
  StartTotpResult,
  TokenPurpose,
} from '@chorale/contracts';
import { api } from './client.ts';

// Answers are typed by the API's own response schemas (packages/contracts), never by hand.
export type {
  DirectoryEntity,
  DirectoryPage,
  PasswordPair,
  ProfileUpdate,
  SecurityEvent,
  SelectFactorResult,
  SignInResult,
  SignUpResult,
  StartTotpResult,
} from '@chorale/contracts';

export const sessionApi = {
  get: () => api<SessionState>('GET', '/api/session'),
  signIn: (loginEmail: string, password: string) =>
    api<SignInResult>('POST', '/api/auth/sign-in', { loginEmail, password }),
  selectFactor: (factorId: number) => api<SelectFactorResult>('POST', '/api/auth/mfa/select', { factorId }),
  verifyCode: (factorId: number, code: string) => api<SessionState>('POST', '/api/auth/mfa/verify', { factorId, code }),
  verifyWebauthn: (factorId: number, webauthnResponse: unknown) =>
    api<SessionState>('POST', '/api/auth/mfa/verify', { factorId, webauthnResponse }),
  signOut: () => api<unknown>('POST', '/api/auth/sign-out', {}),
  requestPasswordReset: (loginEmail: string) => api<unknown>('POST', '/api/auth/password-reset', { loginEmail }),
  confirmPasswordReset: (token: string, pair: PasswordPair) =>
    api<unknown>('POST', '/api/auth/password-reset/confirm', { token, ...pair }),
};

export const accountsApi = {
  signUp: (input: SignUpInput) => api<SignUpResult>('POST', '/api/accounts', input),
  tokenStatus: (token: string, purpose: TokenPurpose) =>
    api<unknown>('POST', '/api/accounts/token-status', { token, purpose }),
  activate: (token: string, pair: PasswordPair) => api<unknown>('POST', '/api/accounts/activate', { token, ...pair }),
  confirmLoginEmail: (token: string) => api<LoginEmailChanged>('POST', '/api/accounts/confirm-login-email', { token }),
};

export const meApi = {
  get: () => api<Profile>('GET', '/api/me'),
  update: (input: ProfileUpdate) => api<Profile>('PUT', '/api/me', input),
  firstSignInSeen: () => api<unknown>('POST', '/api/me/first-sign-in-seen', {}),
  securityEvents: () => api<{ events: SecurityEvent[] }>('GET', '/api/me/security-events'),
  factors: () => api<{ factors: Factor[] }>('GET', '/api/me/factors'),
  deleteFactor: (id: number) => api<unknown>('DELETE', `/api/me/factors/${id}`),
  startTotp: () => api<StartTotpResult>('POST', '/api/me/factors/totp/start', {}),
  addTotp: (code: string, deviceName: string) => api<Factor>('POST', '/api/me/factors/totp', { code, deviceName }),
  webauthnOptions: () => api<unknown>('POST', '/api/me/factors/webauthn/options', {}),
  addWebauthn: (response: unknown, deviceName: string) =>
    api<Factor>('POST', '/api/me/factors/webauthn', { response, deviceName }),
  changePassword: (currentPassword: string, pair: PasswordPair) =>
    api<unknown>('PUT', '/api/me/password', { currentPassword, ...pair }),
  changeLoginEmail: (input: { newLoginEmail: string; newLoginEmailConfirmation: string; password: string }) =>
    api<MaskedEmail>('POST', '/api/me/login-email', input),
  apiTokens: () => api<{ items: ApiToken[] }>('GET', '/api/me/api-tokens'),
  createApiToken: (input: ApiTokenForm) => api<CreatedApiToken>('POST', '/api/me/api-tokens', input),
  revokeApiToken: (id: number) => api<unknown>('DELETE', `/api/me/api-tokens/${id}`),
};

export const directoryApi = {
  search: (q: string, state: boolean, page: number) =>
    api<DirectoryPage>('GET', `/api/directory?${new URLSearchParams({ q, state: String(state), page: String(page) })}`),
};
