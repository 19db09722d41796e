import { searchMatch } from '@chorale/db';
import type { AppContext } from '../../platform/context.ts';

import { STATE_SIRET, type StructureIdentifierType } from '@chorale/domain';

export { STATE_SIRET };

export interface DirectoryQuery {
  q: string;
  /** true: only the State; false: everyone but the State; undefined: all. */
  state?: boolean;
  page: number;
  pageSize: number;
}

/** « Annuaire »: active public structures by SIRET, name, city or postcode, with their services. */
export async function searchDirectory(ctx: AppContext, query: DirectoryQuery) {
  const term = query.q.trim().toLowerCase();
  let base = ctx.db.selectFrom('structures').where('kind', '=', 'PUBLIQUE').where('active', '=', 1);
  if (query.state === true) base = base.where('identifier', '=', STATE_SIRET);
  if (query.state === false) base = base.where('identifier', '!=', STATE_SIRET);
  if (term) {
    const digits = term.replace(/\s/g, '');
    base = base.where((eb) =>
      eb.or([
        searchMatch('identifier', digits, { mode: 'prefix' }),
        searchMatch('company_name', term, { ignoreCase: true }),
        searchMatch('city', term, { ignoreCase: true }),
        searchMatch('postal_code', digits, { mode: 'prefix' }),
      ]),
    );
  }
  const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('company_name')
    .orderBy('id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const services = rows.length
    ? await ctx.db
        .selectFrom('services')
        .select(['structure_id', 'code', 'name', 'commitment_required'])
        .where(
          'structure_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('active', '=', 1)
        .orderBy('code')
        .execute()
    : [];
  return {
    total: Number(countRow.n),
    page: query.page,
    pageSize: query.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      identifierType: r.identifier_type as StructureIdentifierType,
      identifier: r.identifier,
      name: r.company_name,
      address: r.address,
      postalCode: r.postal_code,
      city: r.city,
      serviceCodeRequired: r.service_code_required === 1,
      commitmentRequired: r.commitment_required === 1,
      serviceOrCommitmentRequired: r.service_or_commitment_required === 1,
      services: services
        .filter((s) => s.structure_id === r.id)
        .map((s) => ({ code: s.code, name: s.name, commitmentRequired: s.commitment_required === 1 })),
    })),
  };
}
