import { VAT_PREFIXES } from '../generated/vat-prefixes.ts';
import { locate } from './locations.ts';
import type { RuleContext } from './rule-context.ts';

/** BR-CO-09: a VAT identifier starts with the ISO 3166 code of the issuing country (EL for Greece). */
export function checkVatIdentifiers(ctx: RuleContext): void {
  const { inv } = ctx;
  const ids: [string | null | undefined, string, string][] = [
    [inv.seller.vatId, 'seller', 'BT-31'],
    [inv.buyer.vatId, 'buyer', 'BT-48'],
    [inv.taxRepresentative?.vatId, 'taxRepresentative', 'BT-63'],
  ];
  for (const [id, key, term] of ids) {
    if (id === null || id === undefined) continue;
    if (!VAT_PREFIXES.has(id.slice(0, 2)))
      ctx.fail(
        'BR-CO-09',
        locate(inv, key),
        `Le numéro de TVA (${term} = « ${id} ») doit commencer par le code pays (FR pour la France), par exemple FR12345678901.`,
      );
  }
}
