import { readFileSync } from 'node:fs';
import type { Config } from '../../config.ts';
import type { CompanyRecord } from './company-record.ts';
import { fetchSiret } from './sirene-client.ts';

export { CompanyRegistryError, type CompanyRecord } from './company-record.ts';

export interface CompanyRegistry {
  /** null when the registry does not know this SIRET; throws CompanyRegistryError when unreachable. */
  lookupSiret(siret: string): Promise<CompanyRecord | null>;
}

export interface CompanyRegistryOptions {
  /** INSEE's answer time limit. */
  timeoutMs?: number;
}

let offlineRecords: Map<string, CompanyRecord> | null = null;

function offlineRegistry(): Map<string, CompanyRecord> {
  // Read once, on first use: most processes never look a company up.
  offlineRecords ??= new Map(
    (JSON.parse(readFileSync(new URL('./offline-registry.json', import.meta.url), 'utf8')) as CompanyRecord[]).map(
      (r) => [r.siret, r],
    ),
  );
  return offlineRecords;
}

/**
 * INSEE Sirene when `sireneApiUrl` is configured, otherwise the offline demo data set, so that
 * an install without Internet access still shows a prefilled form.
 */
export function createCompanyRegistry(
  config: Pick<Config, 'sireneApiUrl' | 'sireneApiKey'>,
  options: CompanyRegistryOptions = {},
): CompanyRegistry {
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    async lookupSiret(siret) {
      const value = siret.replace(/\s/g, '');
      // No request for what cannot be a SIRET: INSEE would answer 400 and spend our quota.
      if (!/^\d{14}$/.test(value)) return null;
      if (config.sireneApiUrl) return fetchSiret(config.sireneApiUrl, config.sireneApiKey, value, timeoutMs);
      const record = offlineRegistry().get(value);
      return record ? { ...record } : null;
    },
  };
}
