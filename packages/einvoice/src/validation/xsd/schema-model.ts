/** A compiled subset of XML Schema: what the UBL 2.1 and CII D16B schemas use. */
export type QName = string; // "{namespace}local"

export interface Particle {
  readonly kind: 'element' | 'sequence' | 'choice' | 'any';
  readonly min: number;
  readonly max: number; // Infinity for unbounded
  /** For elements: the global or local declaration. */
  readonly element?: ElementDecl;
  readonly children?: Particle[];
}

export interface ElementDecl {
  readonly name: QName;
  /** Resolved lazily: type names may be declared in files loaded later. */
  typeName: QName | null;
  inlineType: ComplexType | SimpleType | null;
}

export interface AttributeDecl {
  readonly name: string;
  readonly required: boolean;
  readonly typeName: QName | null;
}

export interface ComplexType {
  readonly kind: 'complex';
  /** Element content model; null for simple content or empty content. */
  content: Particle | null;
  /** Base type of simple content (text). */
  simpleBase: QName | null;
  /** complexContent extension base whose particles come first. */
  complexBase: QName | null;
  attributes: AttributeDecl[];
  anyAttribute: boolean;
  /** simpleContent/complexContent extension base, for inherited attributes. */
  attributeBase: QName | null;
}

export interface SimpleType {
  readonly kind: 'simple';
  base: QName | null;
  enumeration: Set<string> | null;
  minLength: number | null;
  maxLength: number | null;
}

export interface SchemaSet {
  readonly elements: Map<QName, ElementDecl>;
  readonly types: Map<QName, ComplexType | SimpleType>;
}

export const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
