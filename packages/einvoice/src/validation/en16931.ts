import type { Invoice } from '../model/invoice.ts';
import type { XmlElement } from '../xml/xml-node.ts';
import { checkBusinessRules } from './business-rules.ts';
import type { Finding } from './finding.ts';
import { checkSyntaxRules } from './syntax-rules.ts';

/** Everything the official EN 16931 schematron checks: syntax binding, code lists, business rules. */
export function checkEn16931(invoice: Invoice, root: XmlElement): Finding[] {
  return [...checkSyntaxRules(root), ...checkBusinessRules(invoice, root)];
}
