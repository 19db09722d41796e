export {
  createCompanyRegistry,
  CompanyRegistryError,
  type CompanyRecord,
  type CompanyRegistry,
  type CompanyRegistryOptions,
} from './company-registry.ts';
