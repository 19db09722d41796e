export * from './accounts/password-policy.ts';
export * from './accounts/email-address.ts';
export * from './organisation/identifiers.ts';
export * from './organisation/bank-details.ts';
export * from './organisation/permissions.ts';
export * from './invoicing/lifecycle.ts';
export * from './invoicing/amounts.ts';
export * from './invoicing/references.ts';
