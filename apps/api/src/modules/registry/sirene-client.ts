import { CompanyRegistryError, type CompanyRecord } from './company-record.ts';

/**
 * INSEE Sirene API 3.11, `GET /siret/{siret}`: the answer maps onto the « Créer une nouvelle
 * structure » form. Only the fields we use are typed; INSEE sends many more.
 */

interface SireneAddress {
  complementAdresseEtablissement?: string | null;
  numeroVoieEtablissement?: string | null;
  indiceRepetitionEtablissement?: string | null;
  typeVoieEtablissement?: string | null;
  libelleVoieEtablissement?: string | null;
  codePostalEtablissement?: string | null;
  libelleCommuneEtablissement?: string | null;
  libelleCommuneEtrangerEtablissement?: string | null;
  distributionSpecialeEtablissement?: string | null;
  libelleCedexEtablissement?: string | null;
}

interface SireneEstablishment {
  siret: string;
  statutDiffusionEtablissement?: string;
  uniteLegale?: {
    denominationUniteLegale?: string | null;
    nomUniteLegale?: string | null;
    nomUsageUniteLegale?: string | null;
    prenom1UniteLegale?: string | null;
    prenomUsuelUniteLegale?: string | null;
  };
  adresseEtablissement?: SireneAddress;
  periodesEtablissement?: {
    dateFin?: string | null;
    etatAdministratifEtablissement?: string | null;
    enseigne1Etablissement?: string | null;
    denominationUsuelleEtablissement?: string | null;
  }[];
}

/** INSEE street-type codes (« type de voie »), written out as La Poste prints them. */
const streetTypes: Record<string, string> = {
  ALL: 'ALLEE',
  AV: 'AVENUE',
  BD: 'BOULEVARD',
  CAR: 'CARREFOUR',
  CHE: 'CHEMIN',
  CHS: 'CHAUSSEE',
  CITE: 'CITE',
  COR: 'CORNICHE',
  CRS: 'COURS',
  DOM: 'DOMAINE',
  DSC: 'DESCENTE',
  ECA: 'ECART',
  ESP: 'ESPLANADE',
  FG: 'FAUBOURG',
  GR: 'GRANDE RUE',
  HAM: 'HAMEAU',
  HLE: 'HALLE',
  IMP: 'IMPASSE',
  LD: 'LIEU-DIT',
  LOT: 'LOTISSEMENT',
  MAR: 'MARCHE',
  MTE: 'MONTEE',
  PAS: 'PASSAGE',
  PL: 'PLACE',
  PLN: 'PLAINE',
  PLT: 'PLATEAU',
  PRO: 'PROMENADE',
  PRV: 'PARVIS',
  QUA: 'QUARTIER',
  QUAI: 'QUAI',
  RES: 'RESIDENCE',
  RLE: 'RUELLE',
  ROC: 'ROCADE',
  RPT: 'ROND-POINT',
  RTE: 'ROUTE',
  RUE: 'RUE',
  SEN: 'SENTE',
  SQ: 'SQUARE',
  TPL: 'TERRE-PLEIN',
  TRA: 'TRAVERSE',
  VLA: 'VILLA',
  VLGE: 'VILLAGE',
};

const repetitionIndexes: Record<string, string> = { B: 'BIS', T: 'TER', Q: 'QUATER', C: 'QUINQUIES' };

/** INSEE masks the data of non-diffusible persons with « [ND] »: that is no value. */
function clean(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v && v !== '[ND]' ? v : null;
}

function join(parts: (string | null)[]): string | null {
  const s = parts.filter((p): p is string => !!p).join(' ');
  return s === '' ? null : s;
}

export function streetType(code: string | null | undefined): string | null {
  const c = clean(code)?.toUpperCase() ?? null;
  return c === null ? null : (streetTypes[c] ?? c);
}

export function toCompanyRecord(e: SireneEstablishment): CompanyRecord {
  const a = e.adresseEtablissement ?? {};
  const unit = e.uniteLegale ?? {};
  // Periods come newest first; the open one (no end date) is the current state.
  const current = e.periodesEtablissement?.find((p) => !p.dateFin) ?? e.periodesEtablissement?.[0];
  const person = join([
    clean(unit.prenomUsuelUniteLegale) ?? clean(unit.prenom1UniteLegale),
    clean(unit.nomUsageUniteLegale) ?? clean(unit.nomUniteLegale),
  ]);
  const index = clean(a.indiceRepetitionEtablissement)?.toUpperCase() ?? null;
  return {
    siret: e.siret,
    companyName: clean(unit.denominationUniteLegale) ?? person ?? '',
    label: clean(current?.enseigne1Etablissement) ?? clean(current?.denominationUsuelleEtablissement),
    // A masked street name leaves a bare « BOULEVARD »: better an empty field the user fills in.
    address: clean(a.libelleVoieEtablissement)
      ? (join([
          clean(a.numeroVoieEtablissement),
          index ? (repetitionIndexes[index] ?? index) : null,
          streetType(a.typeVoieEtablissement),
          clean(a.libelleVoieEtablissement),
        ]) ?? '')
      : '',
    addressComplement1: clean(a.complementAdresseEtablissement),
    addressComplement2: clean(a.distributionSpecialeEtablissement),
    postalCode: clean(a.codePostalEtablissement) ?? '',
    city:
      clean(a.libelleCommuneEtablissement) ??
      clean(a.libelleCedexEtablissement) ??
      clean(a.libelleCommuneEtrangerEtablissement) ??
      '',
    countryCode: 'FR',
    // Since 2023 a non-diffusible establishment answers with status « P » (partially diffusible).
    nonDiffusible: e.statutDiffusionEtablissement === 'P' || e.statutDiffusionEtablissement === 'N',
    active: (current?.etatAdministratifEtablissement ?? 'A') === 'A',
  };
}

const unavailable =
  'Le répertoire Sirene de l’INSEE est indisponible pour le moment : réessayez plus tard ou saisissez les informations de la structure vous-même.';

export async function fetchSiret(
  baseUrl: string,
  apiKey: string | null,
  siret: string,
  timeoutMs: number,
): Promise<CompanyRecord | null> {
  const url = `${baseUrl.replace(/\/+$/, '')}/siret/${encodeURIComponent(siret)}`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { Accept: 'application/json', ...(apiKey ? { 'X-INSEE-Api-Key-Integration': apiKey } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new CompanyRegistryError(
      timedOut
        ? `Le répertoire Sirene de l’INSEE n’a pas répondu en ${timeoutMs / 1000} s : réessayez plus tard ou saisissez les informations de la structure vous-même.`
        : unavailable,
      { cause: err },
    );
  }
  if (res.status === 404) {
    await res.body?.cancel();
    return null;
  }
  if (res.status === 401 || res.status === 403) {
    await res.body?.cancel();
    throw new CompanyRegistryError(
      'La clé d’accès au répertoire Sirene est refusée par l’INSEE : l’administrateur doit vérifier SIRENE_API_KEY.',
    );
  }
  if (res.status === 429) {
    await res.body?.cancel();
    throw new CompanyRegistryError('Trop de demandes au répertoire Sirene de l’INSEE : réessayez dans une minute.');
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new CompanyRegistryError(unavailable, { cause: new Error(`HTTP ${res.status}`) });
  }
  let body: { etablissement?: SireneEstablishment };
  try {
    body = (await res.json()) as { etablissement?: SireneEstablishment };
  } catch (err) {
    throw new CompanyRegistryError(unavailable, { cause: err });
  }
  if (!body.etablissement)
    throw new CompanyRegistryError(unavailable, { cause: new Error('answer without etablissement') });
  return toCompanyRecord(body.etablissement);
}
