export * from './dialect.ts';
export * from './migrate.ts';
export type { Database } from './schema.ts';
export * from './backup.ts';
export * from './audit-chain.ts';
export * from './search.ts';
export * from './statements.ts';
export * from './prepared-query.ts';
export * from './group-commit.ts';
