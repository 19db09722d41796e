import { dec, fractionDigits, present } from './amounts.ts';
import { locate } from './locations.ts';
import type { RuleContext } from './rule-context.ts';
import { isVat } from './vat-scheme.ts';

/** BR-21..BR-28, BR-30, BR-41..BR-44, BR-54, BR-64, BR-65, BR-CO-04, BR-CO-20, BR-CO-23, BR-CO-24, BR-DEC-23..28. */
export function checkLines(ctx: RuleContext): void {
  const { inv } = ctx;
  inv.lines.forEach((line, i) => {
    const at = locate(inv, 'lines', i);
    const n = line.id ?? String(i + 1);
    if (!present(line.id)) ctx.fail('BR-21', at, `Ligne ${i + 1} : indiquez l'identifiant de ligne (BT-126).`);
    if (!(line.quantity !== null)) ctx.fail('BR-22', at, `Ligne ${n} : indiquez la quantité facturée (BT-129).`);
    if (!(line.unitCode !== null))
      ctx.fail(
        'BR-23',
        at,
        `Ligne ${n} : indiquez l'unité de mesure de la quantité (BT-130), par exemple C62 (unité).`,
      );
    if (!(line.netAmount !== null)) ctx.fail('BR-24', at, `Ligne ${n} : indiquez le montant net de la ligne (BT-131).`);
    if (!present(line.itemName)) ctx.fail('BR-25', at, `Ligne ${n} : indiquez le nom de l'article (BT-153).`);
    if (!(line.netPrice !== null)) ctx.fail('BR-26', at, `Ligne ${n} : indiquez le prix net unitaire (BT-146).`);
    const netPrice = dec(line.netPrice);
    if (!(netPrice !== null && netPrice.greaterThanOrEqualTo(0)))
      ctx.fail(
        'BR-27',
        at,
        `Ligne ${n} : le prix net unitaire (BT-146) ne peut pas être négatif ; utilisez une quantité négative.`,
      );
    const gross = dec(line.grossPrice);
    if (!(line.grossPrice === null || (gross !== null && gross.greaterThanOrEqualTo(0))))
      ctx.fail('BR-28', at, `Ligne ${n} : le prix brut unitaire (BT-148) ne peut pas être négatif.`);
    if (!(line.vatCategory !== null && isVat(line)))
      ctx.fail('BR-CO-04', at, `Ligne ${n} : indiquez la catégorie de TVA de l'article (BT-151).`);
    if (!(fractionDigits(line.netAmount) <= 2))
      ctx.fail(
        'BR-DEC-23',
        at,
        `Ligne ${n} : le montant net (BT-131 = ${line.netAmount}) ne doit pas avoir plus de 2 décimales.`,
      );
    if (line.period) {
      const { start, end } = line.period;
      if (start && end)
        if (!(end >= start))
          ctx.fail(
            'BR-30',
            at,
            `Ligne ${n} : la fin de période (BT-135) doit être postérieure ou égale au début (BT-134).`,
          );
      if (!(start !== null || end !== null))
        ctx.fail('BR-CO-20', at, `Ligne ${n} : une période de ligne doit avoir une date de début ou de fin.`);
    }
    line.allowanceCharges.forEach((ac) => {
      const [amount, reason, co, decAmount, decBase] = ac.isCharge
        ? ['BR-43', 'BR-44', 'BR-CO-24', 'BR-DEC-27', 'BR-DEC-28']
        : ['BR-41', 'BR-42', 'BR-CO-23', 'BR-DEC-24', 'BR-DEC-25'];
      const what = ac.isCharge ? 'la charge' : 'la remise';
      if (!(ac.amount !== null)) ctx.fail(amount!, at, `Ligne ${n} : indiquez le montant de ${what} de ligne.`);
      if (!(ac.reason !== null || ac.reasonCode !== null))
        ctx.fail(reason!, at, `Ligne ${n} : indiquez le motif de ${what} de ligne, en clair ou codé.`);
      if (!(ac.reason !== null || ac.reasonCode !== null))
        ctx.fail(co!, at, `Ligne ${n} : indiquez le motif de ${what} de ligne.`);
      if (!(fractionDigits(ac.amount) <= 2))
        ctx.fail(decAmount!, at, `Ligne ${n} : le montant de ${what} ne doit pas avoir plus de 2 décimales.`);
      if (!(fractionDigits(ac.baseAmount) <= 2))
        ctx.fail(decBase!, at, `Ligne ${n} : le montant de base de ${what} ne doit pas avoir plus de 2 décimales.`);
    });
    line.attributes.forEach((a) => {
      if (!(a.name !== null && a.value !== null))
        ctx.fail(
          'BR-54',
          at,
          `Ligne ${n} : chaque attribut d'article doit avoir un nom (BT-160) et une valeur (BT-161).`,
        );
    });
    if (line.standardItemId)
      if (!present(line.standardItemId.scheme))
        ctx.fail(
          'BR-64',
          at,
          `Ligne ${n} : indiquez le schéma de l'identifiant standard de l'article (BT-157), par exemple 0160 (GTIN).`,
        );
    line.classifications.forEach((c) => {
      if (!present(c.listId))
        ctx.fail(
          'BR-65',
          at,
          `Ligne ${n} : indiquez la liste (listID) du code de classification de l'article (BT-158).`,
        );
    });
  });
}
