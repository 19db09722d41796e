import { businessYear } from '../calendar/paris-time.ts';
import type { DepositFormat, DepositState } from './intake.ts';

/**
 * Deposit flows (« flux », DOMAIN.md §10): every deposit — one file or a .zip / .tar.gz batch,
 * from the portal, the native API, the Chorus Pro-compatible `deposer/flux` or EDI — is a flow
 * with a `numeroFluxDepot`, a `syntaxeFlux` and the flow states of Chorus Pro.
 */

/** `etatCourantFlux`, in the order a flow goes through them. */
export const flowStates = [
  'IN_RECU',
  'IN_EN_ATTENTE_TRAITEMENT_CPP',
  'IN_EN_COURS_TRAITEMENT_CPP',
  'IN_INTEGRE',
  'IN_INTEGRE_PARTIEL',
  'IN_REJETE',
] as const;
export type FlowState = (typeof flowStates)[number];

/** French names of the flow states (reports, portal « Suivi des flux »). */
export const flowStateLabels: Record<FlowState, string> = {
  IN_RECU: 'Reçu',
  IN_EN_ATTENTE_TRAITEMENT_CPP: 'En attente de traitement',
  IN_EN_COURS_TRAITEMENT_CPP: 'En cours de traitement',
  IN_INTEGRE: 'Intégré',
  IN_INTEGRE_PARTIEL: 'Intégré partiellement',
  IN_REJETE: 'Rejeté',
};

/** Final states: the flow's report is complete. */
export const finalFlowStates: ReadonlySet<FlowState> = new Set(['IN_INTEGRE', 'IN_INTEGRE_PARTIEL', 'IN_REJETE']);

/** States in which a reader may (still, or again after a crash) take the flow. */
export const openFlowStates = ['IN_RECU', 'IN_EN_ATTENTE_TRAITEMENT_CPP', 'IN_EN_COURS_TRAITEMENT_CPP'] as const;

/** Every `syntaxeFlux` of the Factures Swagger (`DeposerFluxFactureParam.syntaxeFlux`). */
export const flowSyntaxes = [
  'IN_DP_E1_UBL_INVOICE',
  'IN_DP_E1_CII',
  'IN_DP_E1_PES_FACTURE',
  'IN_DP_E1_XCBL',
  'IN_DP_E2_UBL_INVOICE_MIN',
  'IN_DP_E2_CII_MIN',
  'IN_DP_E2_PES_FACTURE_MIN',
  'IN_DP_E2_CPP_FACTURE_MIN',
  'IN_DP_PDFARCHIVE_UBL_INVOICE_MUG',
  'IN_DP_PDFARCHIVE_CII_MUG',
  'IN_DP_E1_CII_16B',
  'IN_DP_E2_CII_MIN_16B',
  'IN_DP_E2_CII_FACTURX',
] as const;
export type FlowSyntax = (typeof flowSyntaxes)[number];

/**
 * The syntaxes Chorale reads, and the format of each file they hold. A flow declared with one of
 * them takes only files of that format (a .zip / .tar.gz batch of them, or one file); the others
 * (XCBL, PES, the E2 « MIN » PDF + minimal XML pairs, the PDF archives) are refused at deposit.
 * `IN_DP_E1_CII` and `IN_DP_E1_CII_16B` both take CII D16B, the EN 16931 syntax.
 */
export const readableFlowSyntaxes: Partial<Record<FlowSyntax, DepositFormat>> = {
  IN_DP_E1_UBL_INVOICE: 'UBL',
  IN_DP_E1_CII: 'CII',
  IN_DP_E1_CII_16B: 'CII',
  IN_DP_E2_CII_FACTURX: 'FACTURX',
};

/**
 * The syntax of a flow detected from its content: UBL Invoice / CreditNote → `IN_DP_E1_UBL_INVOICE`,
 * CII → `IN_DP_E1_CII_16B`, Factur-X → `IN_DP_E2_CII_FACTURX`; a plain PDF has no flow syntax.
 */
export const syntaxOfFormat: Record<DepositFormat, FlowSyntax | null> = {
  UBL: 'IN_DP_E1_UBL_INVOICE',
  CII: 'IN_DP_E1_CII_16B',
  FACTURX: 'IN_DP_E2_CII_FACTURX',
  PDF_NON_SIGNE: null,
};

/**
 * `numeroFluxDepot`: numeric and stable, the year of reception (Paris time) then the deposit's
 * number on ten digits (20260000000042).
 */
export function flowNumberOf(depositId: number, receivedAt: string): string {
  return `${businessYear(new Date(receivedAt))}${String(depositId).padStart(10, '0')}`;
}

/** The deposit a `numeroFluxDepot` names, or null when it is not one. */
export function depositIdOfFlowNumber(flowNumber: string): number | null {
  const m = /^(\d{4})(\d{10})$/.exec(flowNumber.trim());
  if (!m) return null;
  const id = Number(m[2]);
  // Deposit ids are 32-bit integers on both databases.
  return id > 0 && id <= 2_147_483_647 ? id : null;
}

/** The portal's simpler reading of a flow: still read, done, or refused as a whole. */
export function depositStateOf(state: FlowState, refusedAsAWhole: boolean): DepositState {
  if (!finalFlowStates.has(state)) return 'EN_COURS';
  return refusedAsAWhole ? 'ECHEC' : 'TERMINE';
}

/**
 * The final state from the outcomes of the flow's invoices: all integrated (as drafts or sent),
 * some refused, or none integrated.
 */
export function finalFlowState(integrated: number, refused: number): FlowState {
  if (integrated === 0) return 'IN_REJETE';
  return refused === 0 ? 'IN_INTEGRE' : 'IN_INTEGRE_PARTIEL';
}
