export * from './text.ts';
export * from './errors.ts';
export * from './accounts.ts';
export * from './organisation.ts';
export * from './invoices.ts';
export * from './tickets.ts';
export * from './intake.ts';
