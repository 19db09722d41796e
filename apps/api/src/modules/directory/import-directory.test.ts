import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, rm, truncate, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { openDatabase } from '@chorale/db';
import { testDatabaseKinds, type TestDatabase } from '@chorale/db/testing';
import { DirectoryImportError, importDirectory, type ImportProgress } from './import-directory.ts';
import { serviceColumns, structureColumns } from './directory-columns.ts';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const repoRoot = new URL('../../../../../', import.meta.url).pathname;

let dir: string;
/** Inputs are copied to a temporary folder: the rejection report is written beside them. */
async function input(name: string): Promise<string> {
  const path = join(dir, name);
  await copyFile(join(fixtures, name), path);
  return path;
}

async function counts(db: TestDatabase['db']) {
  const s = await db
    .selectFrom('structures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const v = await db
    .selectFrom('services')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { structures: Number(s.n), services: Number(v.n) };
}

async function structure(db: TestDatabase['db'], identifier: string) {
  return db.selectFrom('structures').selectAll().where('identifier', '=', identifier).executeTakeFirst();
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chorale-directory-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A two-sheet workbook like the weekly export, services sheet first and a notice sheet. */
async function writeWorkbook(path: string) {
  const wb = new ExcelJS.Workbook();
  const services = wb.addWorksheet('Services');
  services.addRow([...serviceColumns]);
  services.addRow([11000201100044, 'ETAT', 'MIN_ARMEES', 'Ministère des Armées', 'Oui', 'Oui']);
  services.addRow(['19290086800022', 'COLLEGE SIMONE VEIL', 'GESTION', 'Service de gestion', 0, 1]);
  const structures = wb.addWorksheet('Structures');
  // A title block above the header, as exports made by hand often have.
  structures.addRow(['Annuaire des structures publiques']);
  structures.addRow([]);
  structures.addRow([...structureColumns]);
  structures.addRow([
    'SIRET',
    11000201100044,
    'ETAT',
    false,
    false,
    true,
    true,
    true,
    false,
    false,
    false,
    true,
    '139 RUE DE BERCY',
    null,
    null,
    '75012',
    'PARIS',
    null,
    null,
    'FR',
    'France',
  ]);
  structures.addRow([
    'SIRET',
    '19290086800022',
    { richText: [{ text: 'COLLÈGE ' }, { text: 'SIMONE VEIL' }] },
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    1,
    '1 RUE SIMONE VEIL',
    null,
    null,
    '29200',
    'BREST',
    null,
    null,
    'FR',
    'France',
  ]);
  structures.addRow(['SIRET', '26330037600013', 'CHU DE BORDEAUX', 0, 0, 1, 'parfois', 0, 0, 0, 0, 1]);
  const notice = wb.addWorksheet('Notice');
  notice.addRow(['Annuaire des destinataires publics, export hebdomadaire']);
  await wb.xlsx.writeFile(path);
}

for (const kind of testDatabaseKinds()) {
  describe(`[${kind.name}] directory import (issue 3)`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await kind.create();
    });
    after(() => database.destroy());
    beforeEach(async () => {
      await database.db.deleteFrom('services').execute();
      await database.db.deleteFrom('structures').execute();
    });

    test('structures and services are created with their flags; bad rows are rejected with line and reason', async () => {
      const progress: ImportProgress[] = [];
      // The services file comes first on the command line: structures must still be imported first.
      const files = [await input('services.csv'), await input('structures.csv')];
      const summary = await importDirectory(database, files, { onProgress: (p) => progress.push(p) });
      assert.deepEqual(summary.structures, { created: 3, updated: 0, unchanged: 0, rejected: 6 });
      assert.deepEqual(summary.services, { created: 4, updated: 0, unchanged: 0, rejected: 2 });
      const reasons = summary.rejections.map((r) => `${r.sheet} ${r.line}: ${r.reason}`);
      assert.deepEqual(
        reasons.filter((r) => r.startsWith('structures')),
        [
          'structures 3: SIRET refusé : Ce numéro SIRET n’est pas valide (clé de contrôle incorrecte) : vérifiez chaque chiffre.',
          'structures 5: Identifiant manquant.',
          'structures 6: Valeur booléenne invalide pour GestionService : « peut-etre » (attendu : true/false, oui/non, 1/0, O/N).',
          'structures 7: Champ trop long : Ville (150 caractères, 100 au plus).',
          'structures 8: Doublon : la structure SIRET 11000201100044 figure déjà à la ligne 2 de structures.csv.',
          "structures 10: Type d'identifiant inconnu : « INCONNU » (attendu : SIRET, UE_HORS_FRANCE, HORS_UE, RIDET, TAHITI, AUTRE, PARTICULIER, EN_COURS_IMMATRICULATION).",
        ],
      );
      assert.deepEqual(reasons.filter((r) => r.startsWith('services')).sort(), [
        "services 6: Structure inconnue : aucune structure publique d'identifiant 99999999999999 dans l'annuaire ni dans le fichier importé.",
        'services 7: Code service manquant.',
      ]);

      const state = await structure(database.db, '11000201100044');
      assert.equal(state?.kind, 'PUBLIQUE');
      assert.equal(state?.service_code_required, 1);
      assert.equal(state?.commitment_required, 1);
      assert.equal(state?.service_or_commitment_required, 0);
      assert.equal(state?.payment_status_managed, 1);
      // Issue 9: a SIRET with a wrong key is rejected with its reason (ADR 0005).
      assert.equal(await structure(database.db, '13001100000000'), undefined);
      assert.equal((await structure(database.db, '21690123100011'))?.company_name, 'COMMUNE DE LYON ; MAIRIE');
      const ridet = await structure(database.db, '1234567001');
      assert.equal(ridet?.identifier_type, 'RIDET');
      assert.equal(ridet?.active, 0);
      assert.equal(ridet?.country_code, 'NC');
      const services = await database.db.selectFrom('services').selectAll().orderBy('code').execute();
      assert.deepEqual(
        services.map((s) => [s.code, s.commitment_required, s.active]),
        [
          ['ANCIEN', 0, 0],
          ['DIR_ACHATS', 0, 1],
          ['FACTURES_PUBLIQUES', 1, 1],
          ['MIN_INT_SGAMI_IDF', 1, 1],
        ],
      );
      assert.equal(
        services.find((s) => s.code === 'MIN_INT_SGAMI_IDF')?.name,
        "Ministère de l'Intérieur – SGAMI Île-de-France",
      );

      // One report per input with rejections, beside it, readable by a French spreadsheet.
      assert.deepEqual(summary.reportFiles.sort(), [
        join(dir, 'services.rejets.csv'),
        join(dir, 'structures.rejets.csv'),
      ]);
      const report = await readFile(join(dir, 'structures.rejets.csv'), 'utf8');
      assert.match(
        report,
        /^\uFEFFLigne;Feuille;Identifiant;Motif\r\n3;structures;13001100000000;SIRET refusé : .*\r\n5;structures;;Identifiant manquant\.\r\n/,
      );
      assert.match(report, /6;structures;26750045200011;Valeur booléenne invalide/);

      const last = progress.at(-1);
      assert.equal(last?.bytesRead, last?.totalBytes);
      assert.equal(last?.rows, 15);
    });

    test('a second import of the same files changes nothing; a changed row is updated in place', async () => {
      const files = [await input('structures.csv'), await input('services.csv')];
      await importDirectory(database, files);
      const before = await counts(database.db);
      const again = await importDirectory(database, files);
      assert.deepEqual(again.structures, { created: 0, updated: 0, unchanged: 3, rejected: 6 });
      assert.deepEqual(again.services, { created: 0, updated: 0, unchanged: 4, rejected: 2 });
      assert.deepEqual(await counts(database.db), before);

      const original = await readFile(files[0] as string, 'utf8');
      await writeFile(
        files[0] as string,
        original
          .replace('ETAT;false;false;true;true;true', 'ETAT;false;false;true;false;true')
          .replace('1 PLACE DE LA COMEDIE', '2 PLACE DE LA COMEDIE'),
      );
      await writeFile(
        files[1] as string,
        (await readFile(files[1] as string, 'utf8')).replace('Service fermé;0;0', 'Service rouvert;0;1'),
      );
      const changed = await importDirectory(database, files);
      assert.deepEqual(changed.structures, { created: 0, updated: 2, unchanged: 1, rejected: 6 });
      assert.deepEqual(changed.services, { created: 0, updated: 1, unchanged: 3, rejected: 2 });
      assert.deepEqual(await counts(database.db), before);
      assert.equal((await structure(database.db, '11000201100044'))?.commitment_required, 0);
      assert.equal((await structure(database.db, '21690123100011'))?.address, '2 PLACE DE LA COMEDIE');
      const reopened = await database.db
        .selectFrom('services')
        .selectAll()
        .where('code', '=', 'ANCIEN')
        .executeTakeFirstOrThrow();
      assert.deepEqual([reopened.name, reopened.active], ['Service rouvert', 1]);
    });

    test('a malformed file rolls the whole import back: nothing half imported, no report', async () => {
      await importDirectory(database, [await input('structures.csv')]);
      const before = await counts(database.db);
      const good = await input('services.csv');
      await assert.rejects(importDirectory(database, [good, await input('wrong-header.csv')]), (e: unknown) => {
        assert.ok(e instanceof DirectoryImportError);
        assert.match(
          e.message,
          /En-tête non reconnu dans fichier wrong-header\.csv .* Aucune donnée n'a été importée\./,
        );
        return true;
      });
      assert.deepEqual(await counts(database.db), before, 'the services read before the bad file are rolled back');
      assert.deepEqual((await readdir(dir)).sort(), [
        'services.csv',
        'structures.csv',
        'structures.rejets.csv',
        'wrong-header.csv',
      ]);

      await database.db.deleteFrom('structures').execute();
      await assert.rejects(
        importDirectory(database, [await input('structures-truncated.csv')]),
        /semble tronqué : sa dernière ligne \(4\) est incomplète/,
      );
      assert.deepEqual(await counts(database.db), { structures: 0, services: 0 });
    });

    test('a Windows-1252 CSV is detected and read with its accents', async () => {
      const summary = await importDirectory(database, [await input('structures-windows-1252.csv')]);
      assert.equal(summary.structures.created, 2);
      assert.equal(
        (await structure(database.db, '21130055300016'))?.company_name,
        "COMMUNE D'AIX-EN-PROVENCE – SERVICE DES ŒUVRES",
      );
      assert.equal((await structure(database.db, '21290019700014'))?.address, 'RUE DES ÉCOLES');
    });

    test('an XLSX workbook with both sheets (services first) and a notice sheet is imported', async () => {
      const path = join(dir, 'annuaire.xlsx');
      await writeWorkbook(path);
      const summary = await importDirectory(database, [path]);
      assert.deepEqual(summary.structures, { created: 2, updated: 0, unchanged: 0, rejected: 1 });
      assert.deepEqual(summary.services, { created: 2, updated: 0, unchanged: 0, rejected: 0 });
      assert.deepEqual(summary.ignoredSheets, ['feuille 3 de annuaire.xlsx']);
      assert.deepEqual(
        summary.rejections.map((r) => [r.line, r.reason]),
        [
          [
            6,
            'Valeur booléenne invalide pour GestionEngagement : « parfois » (attendu : true/false, oui/non, 1/0, O/N).',
          ],
        ],
      );
      assert.equal((await structure(database.db, '19290086800022'))?.company_name, 'COLLÈGE SIMONE VEIL');
      const armies = await database.db
        .selectFrom('services')
        .selectAll()
        .where('code', '=', 'MIN_ARMEES')
        .executeTakeFirstOrThrow();
      assert.equal(armies.commitment_required, 1);
    });

    test('blank rows are skipped; a short row in the middle of a CSV is rejected, not fatal', async () => {
      const path = join(dir, 'structures.csv');
      const lines = (await readFile(join(fixtures, 'structures.csv'), 'utf8')).split('\n');
      await writeFile(
        path,
        [lines[0], lines[1], ';;;;;;;;;;;;;;;;;;;;', 'SIRET;13001100000000;AGENCE', lines[3], ''].join('\n'),
      );
      const summary = await importDirectory(database, [path]);
      assert.deepEqual(summary.structures, { created: 2, updated: 0, unchanged: 0, rejected: 1 });
      assert.deepEqual(
        summary.rejections.map((r) => [r.line, r.reason]),
        [[4, 'Ligne incomplète : 3 colonnes au lieu de 21.']],
      );
    });

    test('issue 9: structures absent from a new full export are deactivated, listed, and reactivated when they come back', async () => {
      const header = (await readFile(join(fixtures, 'structures.csv'), 'utf8')).split('\n')[0];
      const row = (siret: string, name: string, active = '1') =>
        `SIRET;${siret};${name};0;0;1;0;0;0;0;0;${active};;;;75001;PARIS;;;FR;France`;
      const path = join(dir, 'structures.csv');
      const write = (...rows: string[]) => writeFile(path, [header, ...rows, ''].join('\n'));
      // A supplier's own structure is never part of the directory export: it must stay active.
      await database.db
        .insertInto('structures')
        .values({
          identifier_type: 'SIRET',
          identifier: '73282932000074',
          kind: 'PRIVEE',
          company_name: 'FOURNISSEUR SA',
          country_code: 'FR',
          created_at: '2026-11-30T10:00:00.000Z',
          updated_at: '2026-11-30T10:00:00.000Z',
        })
        .execute();

      // La Poste's establishments follow their own key rule (digit sum a multiple of 5).
      await write(
        row('11000201100044', 'ETAT'),
        row('21690123100011', 'COMMUNE DE LYON'),
        row('35600000049837', 'LA POSTE'),
        row('26330037600013', 'CHU DE BORDEAUX', '0'),
      );
      const first = await importDirectory(database, [path]);
      assert.deepEqual(first.structures, { created: 4, updated: 0, unchanged: 0, rejected: 0 });
      assert.deepEqual(first.deactivated, []);

      // Lyon and the CHU are gone from the next export; the State is still there.
      await write(row('11000201100044', 'ETAT'), row('35600000049837', 'LA POSTE'));
      const second = await importDirectory(database, [path]);
      assert.deepEqual(second.structures, { created: 0, updated: 0, unchanged: 2, rejected: 0 });
      assert.deepEqual(second.deactivated.map((s) => `${s.identifierType} ${s.identifier} ${s.name}`).sort(), [
        'SIRET 21690123100011 COMMUNE DE LYON',
        'SIRET 26330037600013 CHU DE BORDEAUX',
      ]);
      assert.equal((await counts(database.db)).structures, 5, 'deactivated, never deleted');
      const lyon = await structure(database.db, '21690123100011');
      assert.equal(lyon?.active, 0);
      assert.ok(lyon?.directory_absent_since);
      assert.equal((await structure(database.db, '11000201100044'))?.active, 1);
      assert.equal((await structure(database.db, '73282932000074'))?.active, 1, 'a private structure is untouched');

      // Still absent: counted once, when it left.
      const third = await importDirectory(database, [path]);
      assert.deepEqual(third.deactivated, []);

      // A partial import (a few corrected rows) deactivates nothing.
      await write(row('11000201100044', 'ETAT (CORRIGÉ)'));
      const partial = await importDirectory(database, [path], { partial: true });
      assert.deepEqual(partial.deactivated, []);
      assert.equal((await structure(database.db, '35600000049837'))?.active, 1);

      // Lyon comes back: active again; the CHU comes back marked inactive by the export: it stays so.
      await write(
        row('11000201100044', 'ETAT'),
        row('35600000049837', 'LA POSTE'),
        row('21690123100011', 'COMMUNE DE LYON'),
        row('26330037600013', 'CHU DE BORDEAUX', '0'),
      );
      const back = await importDirectory(database, [path]);
      assert.deepEqual(back.reactivated.map((s) => s.identifier).sort(), ['21690123100011', '26330037600013']);
      assert.deepEqual(back.deactivated, []);
      assert.equal((await structure(database.db, '21690123100011'))?.active, 1);
      assert.equal((await structure(database.db, '21690123100011'))?.directory_absent_since, null);
      assert.equal((await structure(database.db, '26330037600013'))?.active, 0);
    });

    test('issue 9: a row rejected for a fixable problem does not make its structure disappear', async () => {
      await importDirectory(database, [await input('structures.csv')]);
      const path = join(dir, 'structures.csv');
      const original = await readFile(path, 'utf8');
      // Lyon's row gets a bad flag: rejected, but the export still lists it.
      await writeFile(
        path,
        original.replace('COMMUNE DE LYON ; MAIRIE";0;0;1', 'COMMUNE DE LYON ; MAIRIE";0;0;peut-etre'),
      );
      const summary = await importDirectory(database, [path]);
      assert.deepEqual(summary.deactivated, []);
      assert.equal((await structure(database.db, '21690123100011'))?.active, 1);
    });

    test('a workbook without a structures or services sheet is refused as a whole', async () => {
      const path = join(dir, 'autre.xlsx');
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Factures').addRow(['Numéro', 'Montant']);
      await wb.xlsx.writeFile(path);
      await assert.rejects(
        importDirectory(database, [path]),
        /ne contient ni la feuille des structures ni celle des services/,
      );
    });

    test('a truncated or unreadable XLSX imports nothing', async () => {
      const path = join(dir, 'annuaire.xlsx');
      await writeWorkbook(path);
      await truncate(path, Math.floor((await stat(path)).size * 0.6));
      await assert.rejects(
        importDirectory(database, [path]),
        (e: unknown) => e instanceof DirectoryImportError && /Aucune donnée n'a été importée/.test(e.message),
      );
      await writeFile(path, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
      await assert.rejects(importDirectory(database, [path]), DirectoryImportError);
      assert.deepEqual(await counts(database.db), { structures: 0, services: 0 });
    });
  });
}

describe('npm run directory:import (child process, SQLite)', () => {
  test('imports a CSV into the configured database, prints the summary; a bad file exits 1 in French', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '' };
    const script = join(repoRoot, 'apps/api/src/directory-import.ts');
    const ok = await run(process.execPath, ['--import', 'tsx', script, await input('structures.csv')], {
      cwd: repoRoot,
      env,
    });
    assert.match(ok.stdout, /Structures : 3 créée\(s\), 0 mise\(s\) à jour, 0 inchangée\(s\), 6 rejetée\(s\)/);
    assert.match(
      ok.stdout,
      /structures\.csv, ligne 3 \(13001100000000\) : SIRET refusé : .*clé de contrôle incorrecte/,
    );
    assert.match(ok.stdout, /structures\.csv, ligne 5 : Identifiant manquant\./);
    assert.match(ok.stderr, /100 % — 9 lignes/);
    const database = openDatabase(`sqlite:${join(dir, 'chorale.sqlite')}`);
    try {
      assert.equal((await counts(database.db)).structures, 3);
    } finally {
      await database.destroy();
    }
    // A new full export without Lyon: deactivated, listed; --partiel leaves the others alone.
    const lines = (await readFile(join(fixtures, 'structures.csv'), 'utf8')).split('\n');
    const stateOnly = join(dir, 'etat.csv');
    await writeFile(stateOnly, [lines[0], lines[1], ''].join('\n'));
    const partial = await run(process.execPath, ['--import', 'tsx', script, '--partiel', stateOnly], {
      cwd: repoRoot,
      env,
    });
    assert.doesNotMatch(partial.stdout, /désactivée/);
    const full = await run(process.execPath, ['--import', 'tsx', script, stateOnly], { cwd: repoRoot, env });
    assert.match(full.stdout, /2 structure\(s\) absente\(s\) de cet export complet, désactivée\(s\) :/);
    assert.match(full.stdout, / {2}- SIRET 21690123100011 COMMUNE DE LYON ; MAIRIE\n/);
    assert.match(full.stdout, / {2}- RIDET 1234567001 PROVINCE SUD\n/);
    const bad = await run(process.execPath, ['--import', 'tsx', script, await input('wrong-header.csv')], {
      cwd: repoRoot,
      env,
    }).catch((e: { code: number; stderr: string }) => e);
    assert.equal((bad as { code?: number }).code, 1);
    assert.match(bad.stderr, /^Import impossible : En-tête non reconnu/m);
  });
});
