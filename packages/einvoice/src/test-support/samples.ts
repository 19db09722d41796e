import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES_DIR } from './paths.ts';

export interface ExpectedParty {
  name: string | null;
  ids: { value: string; scheme: string | null }[];
  legalId: { value: string; scheme: string | null } | null;
  vatId: string | null;
}

export interface ExpectedSample {
  container: 'xml' | 'pdf' | 'pdf-with-embedded-xml';
  syntax: 'UBL-Invoice' | 'UBL-CreditNote' | 'CII' | null;
  specificationId: string | null;
  invoiceNumber: string | null;
  issueDate: string | null;
  typeCode: string | null;
  currency: string | null;
  buyerReference: string | null;
  purchaseOrderReference: string | null;
  seller: ExpectedParty | null;
  buyer: ExpectedParty | null;
  totals: Record<string, string | null> | null;
  lineCount: number | null;
  en16931Schematron: { valid: boolean; errors: string[]; warnings: string[] } | null;
  xsd: string;
  expectedOutcome: string;
  attachments?: { name: string; afRelationship: string | null; bytes: number }[];
  invoiceXmlName?: string;
  xmpConformanceLevel?: string | null;
  pdfaPart?: string | null;
}

export function loadExpected(): Record<string, ExpectedSample> {
  const raw = JSON.parse(readFileSync(join(SAMPLES_DIR, 'expected.json'), 'utf8')) as {
    files: Record<string, ExpectedSample>;
  };
  return raw.files;
}

export function sampleBytes(name: string): Uint8Array {
  return readFileSync(join(SAMPLES_DIR, name));
}
