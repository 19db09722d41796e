export const SEVERITIES = ['fatal', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Which check produced a finding: the report groups and counts by it. */
export const FINDING_SOURCES = ['input', 'xml', 'pdf', 'xsd', 'en16931', 'facturx'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

export interface Finding {
  /** Official rule id (BR-CO-10, CII-DT-031…) or our own for input problems (XML-DOCTYPE…). */
  readonly rule: string;
  readonly severity: Severity;
  readonly source: FindingSource;
  /** XPath of the element concerned, or "/" for the whole file. */
  readonly location: string;
  readonly message: { readonly fr: string; readonly en: string };
}

export function finding(
  source: FindingSource,
  rule: string,
  severity: Severity,
  location: string,
  fr: string,
  en: string,
): Finding {
  return { rule, severity, source, location, message: { fr, en } };
}
