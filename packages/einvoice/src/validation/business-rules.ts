import type { Invoice } from '../model/invoice.ts';
import type { XmlElement } from '../xml/xml-node.ts';
import type { Finding } from './finding.ts';
import { checkDocument, checkDocumentAllowances } from './rules/document-rules.ts';
import { checkLines } from './rules/line-rules.ts';
import { RuleContext } from './rules/rule-context.ts';
import { checkTotals } from './rules/totals-rules.ts';
import { checkVatCategories } from './rules/vat-category-rules.ts';
import { checkVatIdentifiers } from './rules/vat-id-rules.ts';

/** The EN 16931 business rules (BR-*, BR-CO-*, BR-DEC-*, VAT categories) over the model. */
export function checkBusinessRules(invoice: Invoice, root: XmlElement): Finding[] {
  const ctx = new RuleContext(invoice, root);
  checkDocument(ctx);
  checkDocumentAllowances(ctx);
  checkLines(ctx);
  checkTotals(ctx);
  checkVatCategories(ctx);
  checkVatIdentifiers(ctx);
  return ctx.findings;
}
