import type { Invoice } from '../../model/invoice.ts';
import type { XmlElement } from '../../xml/xml-node.ts';
import { finding, type Finding } from '../finding.ts';
import { CII_RULE_MESSAGES, UBL_RULE_MESSAGES } from '../generated/rule-messages.ts';

/** What a business rule sees: the model, the XML it came from, and where to report. */
export class RuleContext {
  readonly findings: Finding[] = [];
  readonly isCii: boolean;

  constructor(
    readonly inv: Invoice,
    readonly root: XmlElement,
  ) {
    this.isCii = inv.syntax === 'CII';
  }

  /**
   * Reports a failed rule; severity and English text are the official ones for this syntax.
   * Callers test the condition first (`if (!ok) ctx.fail(…)`) so that locations and messages are
   * only built for failures.
   */
  fail(rule: string, location: string, fr: string): void {
    const official =
      (this.isCii ? CII_RULE_MESSAGES : UBL_RULE_MESSAGES)[rule] ?? UBL_RULE_MESSAGES[rule] ?? CII_RULE_MESSAGES[rule];
    const severity = official?.flag === 'warning' ? 'warning' : 'fatal';
    this.findings.push(finding('en16931', rule, severity, location, fr, official?.en ?? rule));
  }
}
