import { fileURLToPath } from 'node:url';
import { xpathOf, type XmlElement } from '../../xml/xml-node.ts';
import { finding, type Finding } from '../finding.ts';
import { loadSchemaSet } from './load-xsd.ts';
import { XsdValidator } from './validate-xsd.ts';

const XSD_DIR = fileURLToPath(new URL('../../../vendor/en16931/xsd/', import.meta.url));
const ENTRY: Record<string, string> = {
  Invoice: `${XSD_DIR}ubl-2.1/maindoc/UBL-Invoice-2.1.xsd`,
  CreditNote: `${XSD_DIR}ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd`,
  CrossIndustryInvoice: `${XSD_DIR}cii-d16b/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd`,
};

/** XSD validation against UBL 2.1 (Invoice, CreditNote) or UN/CEFACT CII D16B. */
export function checkXsd(root: XmlElement): Finding[] {
  const entry = ENTRY[root.local];
  if (!entry) return [];
  const rule = root.local === 'CrossIndustryInvoice' ? 'XSD-CII-D16B' : 'XSD-UBL-2.1';
  const validator = new XsdValidator(loadSchemaSet(entry));
  validator.validateRoot(root);
  return validator.errors.map((e) => finding('xsd', rule, 'fatal', xpathOf(e.element), e.fr, e.en));
}
