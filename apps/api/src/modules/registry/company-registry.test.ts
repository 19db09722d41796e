import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { siretProblem } from '@chorale/domain';
import { createCompanyRegistry, CompanyRegistryError } from './index.ts';
import offline from './offline-registry.json' with { type: 'json' };

/** Answers shaped like INSEE Sirene 3.11 (`GET /siret/{siret}`), trimmed to realistic fields. */
function establishment(over: { siret: string; statut?: string; unit: object; address: object; periods: object[] }) {
  return {
    header: { statut: 200, message: 'ok' },
    etablissement: {
      siren: over.siret.slice(0, 9),
      nic: over.siret.slice(9),
      siret: over.siret,
      statutDiffusionEtablissement: over.statut ?? 'O',
      dateCreationEtablissement: '2021-05-01',
      etablissementSiege: true,
      uniteLegale: {
        etatAdministratifUniteLegale: 'A',
        statutDiffusionUniteLegale: over.statut ?? 'O',
        denominationUniteLegale: null,
        ...over.unit,
      },
      adresseEtablissement: {
        complementAdresseEtablissement: null,
        numeroVoieEtablissement: null,
        indiceRepetitionEtablissement: null,
        dernierNumeroVoieEtablissement: null,
        typeVoieEtablissement: null,
        libelleVoieEtablissement: null,
        codePostalEtablissement: null,
        libelleCommuneEtablissement: null,
        distributionSpecialeEtablissement: null,
        codeCommuneEtablissement: null,
        codePaysEtrangerEtablissement: null,
        ...over.address,
      },
      adresse2Etablissement: {},
      periodesEtablissement: over.periods,
    },
  };
}

const answers: Record<string, object> = {
  '89934607600024': establishment({
    siret: '89934607600024',
    unit: { denominationUniteLegale: 'LECOINTRE PARIS', categorieJuridiqueUniteLegale: '5710' },
    address: {
      numeroVoieEtablissement: '64',
      typeVoieEtablissement: 'RUE',
      libelleVoieEtablissement: 'MEDERIC',
      codePostalEtablissement: '92250',
      libelleCommuneEtablissement: 'LA GARENNE-COLOMBES',
      codeCommuneEtablissement: '92035',
    },
    periods: [
      {
        dateFin: null,
        dateDebut: '2021-05-01',
        etatAdministratifEtablissement: 'A',
        enseigne1Etablissement: null,
        denominationUsuelleEtablissement: null,
      },
    ],
  }),
  // An individual entrepreneur, not diffusible, whose establishment closed.
  '83376019200017': establishment({
    siret: '83376019200017',
    statut: 'P',
    unit: {
      nomUniteLegale: 'MOREAU',
      nomUsageUniteLegale: null,
      prenom1UniteLegale: 'CLAIRE',
      prenomUsuelUniteLegale: 'CLAIRE',
    },
    address: {
      numeroVoieEtablissement: '27',
      indiceRepetitionEtablissement: 'B',
      typeVoieEtablissement: 'AV',
      libelleVoieEtablissement: 'DES VOSGES',
      complementAdresseEtablissement: 'RESIDENCE LES TILLEULS',
      distributionSpecialeEtablissement: 'BP 12',
      codePostalEtablissement: '67000',
      libelleCommuneEtablissement: 'STRASBOURG',
    },
    periods: [
      {
        dateFin: null,
        dateDebut: '2024-01-01',
        etatAdministratifEtablissement: 'F',
        enseigne1Etablissement: 'ATELIER CLAIRE',
      },
      {
        dateFin: '2023-12-31',
        dateDebut: '2018-01-01',
        etatAdministratifEtablissement: 'A',
        enseigne1Etablissement: null,
      },
    ],
  }),
  // INSEE masks a non-diffusible person's name and street with « [ND] ».
  '41287653400014': establishment({
    siret: '41287653400014',
    statut: 'P',
    unit: { nomUniteLegale: '[ND]', prenom1UniteLegale: '[ND]' },
    address: {
      numeroVoieEtablissement: '[ND]',
      typeVoieEtablissement: 'BD',
      libelleVoieEtablissement: '[ND]',
      codePostalEtablissement: '69007',
      libelleCommuneEtablissement: 'LYON',
    },
    periods: [{ dateFin: null, etatAdministratifEtablissement: 'A' }],
  }),
};

describe('company registry on INSEE Sirene (local stand-in server)', () => {
  let server: Server;
  let base: string;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      const siret = /^\/api-sirene\/3\.11\/siret\/(\d+)$/.exec(req.url ?? '')?.[1] ?? '';
      if (siret === '99999999999999') return; // never answers: the client must give up
      if (siret === '50000000000005') {
        res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>');
        return;
      }
      if (req.headers['x-insee-api-key-integration'] !== 'test-key') {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Invalid API key"}');
        return;
      }
      const answer = answers[siret];
      res.writeHead(answer ? 200 : 404, { 'content-type': 'application/json;charset=utf-8' });
      res.end(
        JSON.stringify(answer ?? { header: { statut: 404, message: `Aucun élément trouvé pour le siret ${siret}` } }),
      );
    });
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api-sirene/3.11/`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const registry = (key = 'test-key', timeoutMs?: number) =>
    createCompanyRegistry({ sireneApiUrl: base, sireneApiKey: key }, timeoutMs ? { timeoutMs } : {});

  test('a company is read from /siret/{siret} with the integration key header', async () => {
    const record = await registry().lookupSiret('899 346 076 00024');
    assert.deepEqual(record, {
      siret: '89934607600024',
      companyName: 'LECOINTRE PARIS',
      label: null,
      address: '64 RUE MEDERIC',
      addressComplement1: null,
      addressComplement2: null,
      postalCode: '92250',
      city: 'LA GARENNE-COLOMBES',
      countryCode: 'FR',
      nonDiffusible: false,
      active: true,
    });
    const last = seen.at(-1);
    assert.equal(last?.url, '/api-sirene/3.11/siret/89934607600024');
    assert.equal(last?.headers['x-insee-api-key-integration'], 'test-key');
  });

  test('an individual gets first name + name, the street type is spelt out, a closed non-diffusible establishment says so', async () => {
    const record = await registry().lookupSiret('83376019200017');
    assert.equal(record?.companyName, 'CLAIRE MOREAU');
    assert.equal(record?.address, '27 BIS AVENUE DES VOSGES');
    assert.equal(record?.addressComplement1, 'RESIDENCE LES TILLEULS');
    assert.equal(record?.addressComplement2, 'BP 12');
    assert.equal(record?.label, 'ATELIER CLAIRE');
    assert.equal(record?.nonDiffusible, true);
    assert.equal(record?.active, false, 'the current period says F (fermé)');
  });

  test('masked « [ND] » values are left empty rather than shown', async () => {
    const record = await registry().lookupSiret('41287653400014');
    assert.equal(record?.companyName, '');
    assert.equal(record?.address, '');
    assert.equal(record?.city, 'LYON');
    assert.equal(record?.nonDiffusible, true);
  });

  test('an unknown SIRET gives null; something that is no SIRET is not even asked', async () => {
    assert.equal(await registry().lookupSiret('12345678200010'), null);
    const count = seen.length;
    assert.equal(await registry().lookupSiret('ABC'), null);
    assert.equal(seen.length, count);
  });

  test('a server error, a refused key and a timeout throw a French message for the user', async () => {
    await assert.rejects(
      registry().lookupSiret('50000000000005'),
      (e: unknown) => e instanceof CompanyRegistryError && /indisponible/.test(e.message),
    );
    await assert.rejects(
      registry('wrong').lookupSiret('89934607600024'),
      (e: unknown) => e instanceof CompanyRegistryError && /SIRENE_API_KEY/.test(e.message),
    );
    const started = Date.now();
    await assert.rejects(
      registry('test-key', 300).lookupSiret('99999999999999'),
      (e: unknown) => e instanceof CompanyRegistryError && /n’a pas répondu en 0\.3 s/.test(e.message),
    );
    assert.ok(Date.now() - started < 2000);
  });

  test('the default time limit is 5 seconds', async () => {
    const started = Date.now();
    await assert.rejects(registry().lookupSiret('99999999999999'), /n’a pas répondu en 5 s/);
    assert.ok(Date.now() - started >= 4900);
  });
});

describe('offline company registry (no SIRENE_API_URL)', () => {
  const registry = createCompanyRegistry({ sireneApiUrl: null, sireneApiKey: null });

  test('the webinar company is found with its address', async () => {
    const record = await registry.lookupSiret('89934607600024');
    assert.equal(record?.companyName, 'LECOINTRE PARIS');
    assert.equal(record?.address, '64 RUE MEDERIC');
    assert.equal(record?.postalCode, '92250');
    assert.equal(record?.city, 'LA GARENNE-COLOMBES');
    assert.equal(record?.countryCode, 'FR');
    assert.equal(await registry.lookupSiret('12345678200010'), null);
  });

  test("every demo SIRET passes the portal's SIRET check, and the data set has a closed and a non-diffusible case", () => {
    assert.ok(offline.length >= 8);
    for (const r of offline) assert.equal(siretProblem(r.siret), null, r.siret);
    assert.ok(offline.some((r) => !r.active));
    assert.ok(offline.some((r) => r.nonDiffusible));
  });
});
