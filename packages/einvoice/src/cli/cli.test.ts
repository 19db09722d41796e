import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { SAMPLES_DIR } from '../test-support/paths.ts';
import { main } from './main.ts';

const sample = (name: string) => `${SAMPLES_DIR}${name}`;

async function run(...argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await main(argv, (s) => lines.push(s));
  return { code, output: lines.join('\n') };
}

describe('chorale-einvoice CLI', () => {
  it('validate: exit 0 for a valid invoice, 1 with the rule and a French message otherwise', async () => {
    const ok = await run('validate', sample('ubl/cen_guide-example3.xml'));
    assert.equal(ok.code, 0);
    assert.match(ok.output, /✔ .*valide/);
    const bad = await run(
      'validate',
      sample('invalid/mustang_invalidXRV30_BR-DEC-23.xml'),
      sample('ubl/cen_guide-example3.xml'),
    );
    assert.equal(bad.code, 1);
    assert.match(bad.output, /BR-DEC-23/);
    assert.match(bad.output, /décimales/);
  });

  it('validate --json gives machine-readable reports', async () => {
    const { code, output } = await run('validate', '--json', sample('invalid/mustang_periods_BR-49.ubl.xml'));
    assert.equal(code, 1);
    const report = JSON.parse(output) as {
      valid: boolean;
      findings: { rule: string; location: string; message: { fr: string; en: string } }[];
    };
    assert.equal(report.valid, false);
    assert.ok(report.findings.some((f) => f.rule === 'BR-49' && f.location.startsWith('/Invoice/cac:PaymentMeans')));
  });

  it('detect and parse', async () => {
    const d = await run('detect', '--json', sample('facturx/fnfe_Facture_FR_BASICWL.pdf'));
    assert.equal(d.code, 0);
    assert.equal(JSON.parse(d.output).profile, 'BASIC WL');
    const p = await run('parse', '--json', sample('ubl/akretion_ubl-21-en16931_FR.xml'));
    const parsed = JSON.parse(p.output) as {
      invoice: { buyerReference: string; seller: { ids: { scheme: string }[] } };
    };
    assert.ok(parsed.invoice.seller.ids.some((i) => i.scheme === '0009'));
    const terms = await run('parse', '--terms', sample('cii/cen_CII_example3.xml'));
    assert.match(terms.output, /BT-1 +invoiceNumber = TOSL108/);
    const unknown = await run('detect', sample('invalid/mustang_invalidV2Root.xml'));
    assert.equal(unknown.code, 1);
    assert.match(unknown.output, /myinvoice/);
  });

  it('usage errors and missing files exit 1', async () => {
    assert.equal((await run()).code, 1);
    assert.equal((await run('validate', '/nonexistent/file.xml')).code, 1);
  });

  it('the bin starts from a shell', () => {
    const bin = fileURLToPath(new URL('../../bin/chorale-einvoice.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'validate', '--lang=en', sample('cii/cen_CII_example3.xml')], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /valid \(EN 16931\)/);
  });
});
