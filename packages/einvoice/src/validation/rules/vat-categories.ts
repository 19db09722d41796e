/** The VAT categories of EN 16931 with the rule-id prefix and the constraints of each. */
export interface VatCategoryRules {
  readonly code: string;
  /** Rule id prefix: BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG. */
  readonly prefix: string;
  readonly label: string;
  /** X-05..07: what the rate must be. */
  readonly rate: 'positive' | 'zero' | 'absent' | 'nonNegative' | 'nonNegativeUblPositiveCii';
  /** VAT amount computed from the rate, or zero. */
  readonly taxAmount: 'computed' | 'zero';
  /** exemption reason required or forbidden. */
  readonly exemption: 'required' | 'forbidden';
  /** X-02..04: which VAT identifiers the parties must (or must not) have. */
  readonly parties: 'sellerTaxId' | 'sellerVat' | 'sellerVatBuyerVat' | 'sellerTaxIdBuyerId' | 'noVatIds';
  /** X-08 is checked per rate (S, L, M) or for the whole category. */
  readonly perRate: boolean;
}

export const VAT_CATEGORIES: readonly VatCategoryRules[] = [
  {
    code: 'S',
    prefix: 'BR-S',
    label: 'taux normal (S)',
    rate: 'positive',
    taxAmount: 'computed',
    exemption: 'forbidden',
    parties: 'sellerTaxId',
    perRate: true,
  },
  {
    code: 'Z',
    prefix: 'BR-Z',
    label: 'taux zéro (Z)',
    rate: 'zero',
    taxAmount: 'zero',
    exemption: 'forbidden',
    parties: 'sellerTaxId',
    perRate: false,
  },
  {
    code: 'E',
    prefix: 'BR-E',
    label: 'exonéré (E)',
    rate: 'zero',
    taxAmount: 'zero',
    exemption: 'required',
    parties: 'sellerTaxId',
    perRate: false,
  },
  {
    code: 'AE',
    prefix: 'BR-AE',
    label: 'autoliquidation (AE)',
    rate: 'zero',
    taxAmount: 'zero',
    exemption: 'required',
    parties: 'sellerTaxIdBuyerId',
    perRate: false,
  },
  {
    code: 'K',
    prefix: 'BR-IC',
    label: 'livraison intracommunautaire (K)',
    rate: 'zero',
    taxAmount: 'zero',
    exemption: 'required',
    parties: 'sellerVatBuyerVat',
    perRate: false,
  },
  {
    code: 'G',
    prefix: 'BR-G',
    label: 'exportation hors UE (G)',
    rate: 'zero',
    taxAmount: 'zero',
    exemption: 'required',
    parties: 'sellerVat',
    perRate: false,
  },
  {
    code: 'O',
    prefix: 'BR-O',
    label: 'hors champ de la TVA (O)',
    rate: 'absent',
    taxAmount: 'zero',
    exemption: 'required',
    parties: 'noVatIds',
    perRate: false,
  },
  {
    code: 'L',
    prefix: 'BR-AF',
    label: 'IGIC des Canaries (L)',
    rate: 'nonNegativeUblPositiveCii',
    taxAmount: 'computed',
    exemption: 'forbidden',
    parties: 'sellerTaxId',
    perRate: true,
  },
  {
    code: 'M',
    prefix: 'BR-AG',
    label: 'IPSI de Ceuta et Melilla (M)',
    rate: 'nonNegative',
    taxAmount: 'computed',
    exemption: 'forbidden',
    parties: 'sellerTaxId',
    perRate: true,
  },
];
