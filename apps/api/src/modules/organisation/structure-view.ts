import { paymentPeriodDays, type StructureIdentifierType, type StructureKind } from '@chorale/domain';
import type { Db } from '../../platform/context.ts';
import { structureNotFound } from './access.ts';

export function toStructure(r: {
  id: number;
  identifier_type: string;
  identifier: string;
  kind: StructureKind;
  company_name: string;
  label: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  address_complement1: string | null;
  address_complement2: string | null;
  postal_code: string | null;
  city: string | null;
  country_code: string;
  non_diffusible: number;
  active: number;
  service_code_required: number;
  commitment_required: number;
  service_or_commitment_required: number;
  payment_status_managed: number;
  payment_period_days: number | null;
  public_hospital: number;
}) {
  return {
    id: r.id,
    // Written only from the contract's list of identifier types.
    identifierType: r.identifier_type as StructureIdentifierType,
    identifier: r.identifier,
    kind: r.kind,
    companyName: r.company_name,
    label: r.label ?? '',
    email: r.email ?? '',
    phone: r.phone ?? '',
    address: r.address ?? '',
    addressComplement1: r.address_complement1 ?? '',
    addressComplement2: r.address_complement2 ?? '',
    postalCode: r.postal_code ?? '',
    city: r.city ?? '',
    countryCode: r.country_code,
    nonDiffusible: r.non_diffusible === 1,
    active: r.active === 1,
    serviceCodeRequired: r.service_code_required === 1,
    commitmentRequired: r.commitment_required === 1,
    serviceOrCommitmentRequired: r.service_or_commitment_required === 1,
    paymentStatusManaged: r.payment_status_managed === 1,
    publicHospital: r.public_hospital === 1,
    paymentPeriodDays: r.payment_period_days,
    effectivePaymentPeriodDays: paymentPeriodDays({
      paymentPeriodDays: r.payment_period_days,
      publicHospital: r.public_hospital === 1,
    }),
  };
}

export async function loadStructure(db: Db, id: number) {
  const row = await db.selectFrom('structures').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw structureNotFound();
  return row;
}

export function toService(r: {
  id: number;
  structure_id: number;
  code: string;
  name: string;
  commitment_required: number;
  active: number;
}) {
  return {
    id: r.id,
    structureId: r.structure_id,
    code: r.code,
    name: r.name,
    commitmentRequired: r.commitment_required === 1,
    active: r.active === 1,
  };
}

/** The columns both « Créer » and « Modifier une structure » write from the form. */
export function structureFormColumns(cmd: {
  companyName: string;
  label: string;
  email: string;
  phone: string;
  address: string;
  addressComplement1: string;
  addressComplement2: string;
  postalCode: string;
  city: string;
  countryCode: string;
  nonDiffusible: boolean;
}) {
  return {
    company_name: cmd.companyName,
    label: cmd.label || null,
    email: cmd.email || null,
    phone: cmd.phone || null,
    address: cmd.address,
    address_complement1: cmd.addressComplement1 || null,
    address_complement2: cmd.addressComplement2 || null,
    postal_code: cmd.postalCode,
    city: cmd.city,
    country_code: cmd.countryCode,
    non_diffusible: cmd.nonDiffusible ? 1 : 0,
  };
}
