import type { SchemaSet, SimpleType } from './schema-model.ts';
import { XSD_NS } from './schema-model.ts';

const BUILTIN: Record<string, RegExp> = {
  decimal: /^[+-]?(\d+(\.\d*)?|\.\d+)$/,
  integer: /^[+-]?\d+$/,
  nonNegativeInteger: /^\+?\d+$/,
  positiveInteger: /^\+?0*[1-9]\d*$/,
  boolean: /^(true|false|1|0)$/,
  date: /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d{2}:\d{2})?$/,
  time: /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
  dateTime: /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
  base64Binary: /^[A-Za-z0-9+/=\s]*$/,
  double: /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF|-INF|NaN)$/,
  float: /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF|-INF|NaN)$/,
};

/** Checks a text value against a simple type; returns a reason when it does not conform. */
export function checkSimpleValue(raw: string, typeName: string | null, set: SchemaSet, depth = 0): string | null {
  if (!typeName || depth > 20) return null;
  const builtin = typeName.startsWith(`{${XSD_NS}}`) ? typeName.slice(XSD_NS.length + 2) : null;
  if (builtin !== null) {
    const collapsed = raw.replace(/\s+/g, ' ').trim();
    const re = BUILTIN[builtin];
    if (re && !re.test(builtin === 'base64Binary' ? raw : collapsed))
      return `« ${collapsed.slice(0, 40)} » n'est pas un ${builtin} valide`;
    return null;
  }
  const type = set.types.get(typeName);
  if (!type) return null;
  if (type.kind === 'simple') return checkRestriction(raw, type, set, depth);
  return type.simpleBase ? checkSimpleValue(raw, type.simpleBase, set, depth + 1) : null;
}

function checkRestriction(raw: string, type: SimpleType, set: SchemaSet, depth: number): string | null {
  const value = raw.replace(/\s+/g, ' ').trim();
  if (type.enumeration && !type.enumeration.has(value))
    return `« ${value.slice(0, 40)} » n'est pas dans la liste des valeurs permises`;
  if (type.minLength !== null && value.length < type.minLength)
    return `« ${value.slice(0, 40)} » est trop court (minimum ${type.minLength})`;
  if (type.maxLength !== null && value.length > type.maxLength)
    return `« ${value.slice(0, 40)} » est trop long (maximum ${type.maxLength})`;
  return checkSimpleValue(raw, type.base, set, depth + 1);
}
