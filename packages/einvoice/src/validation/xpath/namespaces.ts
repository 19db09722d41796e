import { NS } from '../../xml/xml-node.ts';

/** Prefixes declared by the CEN schematron files (their ns elements), per syntax. */
export const UBL_SCHEMATRON_NAMESPACES: Record<string, string> = {
  ubl: NS.ublInvoice,
  cn: NS.ublCreditNote,
  cac: NS.cac,
  cbc: NS.cbc,
  ext: NS.ext,
  qdt: 'urn:oasis:names:specification:ubl:schema:xsd:QualifiedDataTypes-2',
  udt: 'urn:oasis:names:specification:ubl:schema:xsd:UnqualifiedDataTypes-2',
  xs: 'http://www.w3.org/2001/XMLSchema',
};

export const CII_SCHEMATRON_NAMESPACES: Record<string, string> = {
  rsm: NS.rsm,
  ram: NS.ram,
  udt: NS.udt,
  qdt: NS.qdt,
  ccts: 'urn:un:unece:uncefact:documentation:standard:CoreComponentsTechnicalSpecification:2',
  xs: 'http://www.w3.org/2001/XMLSchema',
};
