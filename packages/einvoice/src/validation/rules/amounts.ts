import { Decimal } from 'decimal.js';

/** xs:decimal of a model value, null when absent or not a decimal. */
export function dec(value: string | null | undefined): Decimal | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v)) return null;
  return new Decimal(v);
}

export function decOrZero(value: string | null | undefined): Decimal {
  return dec(value) ?? new Decimal(0);
}

/** XPath round(x * 100) div 100: halves go towards positive infinity. */
export function round2(x: Decimal): Decimal {
  return x.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_CEIL).div(100);
}

/** XPath round(x): halves go towards positive infinity. */
export function round0(x: Decimal): Decimal {
  return x.toDecimalPlaces(0, Decimal.ROUND_HALF_CEIL);
}

export function sum(values: (Decimal | null)[]): Decimal {
  return values.reduce<Decimal>((acc, v) => (v ? acc.plus(v) : acc), new Decimal(0));
}

/** Number of digits written after the decimal point (BR-DEC-*: string-length(substring-after(., '.'))). */
export function fractionDigits(value: string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const k = value.indexOf('.');
  return k < 0 ? 0 : value.length - k - 1;
}

export function present(value: string | null | undefined): boolean {
  return value !== null && value !== undefined && value.trim() !== '';
}
