/** Whether a category belongs to the VAT scheme (UBL TaxScheme/ID, CII TypeCode), as the rules filter it. */
export function isVat(x: { taxScheme: string | null }): boolean {
  return (x.taxScheme ?? '').trim().toUpperCase() === 'VAT';
}
