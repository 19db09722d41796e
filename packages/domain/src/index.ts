export * from './accounts/password-policy.ts';
export * from './accounts/email-address.ts';
