import { fileURLToPath } from 'node:url';
import type { Invoice } from '../model/invoice.ts';
import { checkEn16931 } from '../validation/en16931.ts';
import { finding, type Finding } from '../validation/finding.ts';
import { loadSchemaSet } from '../validation/xsd/load-xsd.ts';
import { XsdValidator } from '../validation/xsd/validate-xsd.ts';
import { xpathOf, type XmlElement } from '../xml/xml-node.ts';
import { FACTURX_PROFILE_RULES } from './generated/profile-rules.ts';
import { GUIDELINE_OF_PROFILE } from './profile.ts';

const VENDOR = fileURLToPath(new URL('../../vendor/facturx-1.09/', import.meta.url));
const PROFILE_XSD = {
  MINIMUM: `${VENDOR}minimum/Factur-X_MINIMUM.xsd`,
  'BASIC WL': `${VENDOR}basicwl/Factur-X_BASICWL.xsd`,
} as const;

/**
 * Factur-X MINIMUM and BASIC WL are not EN 16931-complete (no lines): they are judged by the
 * profile's own schema and by the subset of EN 16931 rules that the Factur-X 1.09 schematron
 * applies to them (the list is read from the official profile XSL, see generated/).
 */
export function checkFacturxProfile(invoice: Invoice, root: XmlElement, profile: 'MINIMUM' | 'BASIC WL'): Finding[] {
  const out: Finding[] = [];
  const guideline = GUIDELINE_OF_PROFILE[profile];
  if (invoice.customizationId !== guideline) {
    out.push(
      finding(
        'facturx',
        'FX-GUIDELINE',
        'fatal',
        '/rsm:CrossIndustryInvoice/rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID',
        `L'identifiant de profil (BT-24 = « ${invoice.customizationId ?? ''} ») doit être ${guideline} pour le profil Factur-X ${profile}.`,
        `The specification identifier (BT-24 = "${invoice.customizationId ?? ''}") must be ${guideline} for the Factur-X ${profile} profile.`,
      ),
    );
  }
  const validator = new XsdValidator(loadSchemaSet(PROFILE_XSD[profile]));
  validator.validateRoot(root);
  const rule = `XSD-FACTURX-${profile.replace(' ', '')}`;
  for (const e of validator.errors) {
    out.push(
      finding(
        'facturx',
        rule,
        'fatal',
        xpathOf(e.element),
        `Profil Factur-X ${profile} : ${e.fr}`,
        `Factur-X ${profile} profile: ${e.en}`,
      ),
    );
  }
  const applied = FACTURX_PROFILE_RULES[profile];
  for (const f of checkEn16931(invoice, root)) if (applied.has(f.rule)) out.push({ ...f, source: 'facturx' });
  return out;
}
