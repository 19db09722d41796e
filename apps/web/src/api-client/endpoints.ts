import type { Factor, Profile, SecurityEventKind, SessionState, SignUpInput, TokenPurpose } from '@chorale/contracts';
import { api } from './client.ts';

export interface SignUpResult {
  firstName: string;
  maskedEmail: string;
}
export interface StartTotpResult {
  secret: string;
  otpauthUrl: string;
  qrCodeDataUrl: string;
}
export interface SecurityEvent {
  kind: SecurityEventKind;
  at: string;
  ip: string | null;
  detail: string | null;
}

export interface SignInResult {
  stage: 'mfa';
  factor: Factor;
  factors: Factor[];
}
export interface SelectFactorResult {
  factor: Factor;
  maskedEmail?: string;
  webauthnOptions?: unknown;
}
export interface PasswordPair {
  password: string;
  passwordConfirmation: string;
}
export interface ProfileUpdate {
  firstName: string;
  lastName: string;
  phone: string;
  contactEmail: string;
  surveyConsent: boolean;
}

export interface DirectoryService {
  code: string;
  name: string;
  commitmentRequired: boolean;
}
export interface DirectoryEntity {
  id: number;
  identifierType: string;
  identifier: string;
  name: string;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  serviceCodeRequired: boolean;
  commitmentRequired: boolean;
  serviceOrCommitmentRequired: boolean;
  services: DirectoryService[];
}
export interface DirectoryPage {
  items: DirectoryEntity[];
  total: number;
  page: number;
  pageSize: number;
}

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
  confirmLoginEmail: (token: string) =>
    api<{ loginEmail: string }>('POST', '/api/accounts/confirm-login-email', { token }),
};

export const meApi = {
  get: () => api<Profile>('GET', '/api/me'),
  update: (input: ProfileUpdate) => api<Profile>('PUT', '/api/me', input),
  firstSignInSeen: () => api<unknown>('POST', '/api/me/first-sign-in-seen', {}),
  securityEvents: () => api<{ events: SecurityEvent[] }>('GET', '/api/me/security-events'),
  factors: () => api<{ factors: Factor[] }>('GET', '/api/me/factors'),
  deleteFactor: (id: number) => api<unknown>('DELETE', `/api/me/factors/${id}`),
  startTotp: () => api<StartTotpResult>('POST', '/api/me/factors/totp/start', {}),
  addTotp: (code: string, deviceName: string) => api<unknown>('POST', '/api/me/factors/totp', { code, deviceName }),
  webauthnOptions: () => api<unknown>('POST', '/api/me/factors/webauthn/options', {}),
  addWebauthn: (response: unknown, deviceName: string) =>
    api<unknown>('POST', '/api/me/factors/webauthn', { response, deviceName }),
  changePassword: (currentPassword: string, pair: PasswordPair) =>
    api<unknown>('PUT', '/api/me/password', { currentPassword, ...pair }),
  changeLoginEmail: (input: { newLoginEmail: string; newLoginEmailConfirmation: string; password: string }) =>
    api<{ maskedEmail: string }>('POST', '/api/me/login-email', input),
};

export const directoryApi = {
  search: (q: string, state: boolean, page: number) =>
    api<DirectoryPage>('GET', `/api/directory?${new URLSearchParams({ q, state: String(state), page: String(page) })}`),
};
