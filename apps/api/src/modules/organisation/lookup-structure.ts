import { checkStructureIdentifier, type StructureIdentifierType } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { createCompanyRegistry } from '../registry/index.ts';

/**
 * First step of « Créer une nouvelle structure »: is the identifier valid, already known (then
 * the user asks to join instead), or new (then the form is prefilled from the company registry)?
 */
export async function lookupStructure(
  ctx: AppContext,
  q: { identifierType: StructureIdentifierType; identifier: string },
) {
  const checked = checkStructureIdentifier(q.identifierType, q.identifier);
  if (!checked.ok) throw new AppError('VALIDATION_FAILED', checked.message, { identifier: checked.message });
  const existing = await ctx.db
    .selectFrom('structures')
    .select(['id', 'company_name', 'non_diffusible', 'kind'])
    .where('identifier_type', '=', q.identifierType)
    .where('identifier', '=', checked.value)
    .executeTakeFirst();
  if (existing)
    return {
      status: 'exists' as const,
      structure: {
        id: existing.id,
        identifier: checked.value,
        companyName: existing.non_diffusible ? 'Structure non diffusible' : existing.company_name,
        kind: existing.kind,
      },
    };
  if (q.identifierType !== 'SIRET') return { status: 'new' as const, identifier: checked.value, prefill: null };
  try {
    const prefill = await createCompanyRegistry(ctx.config).lookupSiret(checked.value);
    return { status: 'new' as const, identifier: checked.value, prefill };
  } catch {
    // The registry being down must not block the user: he types the data himself.
    return { status: 'new' as const, identifier: checked.value, prefill: null, registryUnavailable: true as const };
  }
}
