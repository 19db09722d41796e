import { performance } from 'node:perf_hooks';
import { testDatabaseKinds } from '@chorale/db/testing';
import { createActiveAccount, signInWithMailCode, startTestApp } from './src/testing/test-app.ts';
import { lecointre } from './src/testing/fixtures.ts';
import { fiveLineUbl } from './src/modules/intake/intake-test-support.ts';
import { validateInvoice } from '@chorale/einvoice';
import { depositFiles } from './src/modules/intake/deposit-files.ts';
import { zip } from './src/modules/intake/intake-test-support.ts';
const kind = testDatabaseKinds()[0]!;
const t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-v-${process.pid}` });
await createActiveAccount(t, 'bench@lecointre.fr');
const supplier = await signInWithMailCode(t, 'bench@lecointre.fr');
await supplier.post('/api/structures', lecointre);
const user = await t.database.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
const files = Array.from({length:200},(_, i)=>fiveLineUbl('V-'+i));
for (let i=0;i<30;i++) await validateInvoice(fiveLineUbl('W-'+i));
let c=process.cpuUsage(); for (const f of files) await validateInvoice(f); let d=process.cpuUsage(c); console.log('validate cpu ms/file', (d.user+d.system)/1000/200);
for (const submit of [false, true]) {
const batch = zip(files.map((b,i)=>({name:`f${i}.xml`, bytes: Buffer.from(b.toString().replace(/V-(\d+)/, `S${submit?1:0}-$1`))})));
c=process.cpuUsage(); const t0=performance.now();
const r = await depositFiles(t.app.ctx, {userId:user.id, channel:'API'}, {fileName:'a.zip', bytes: batch}, {submit});
d=process.cpuUsage(c); console.log('submit', submit, 'cpu ms/file', (d.user+d.system)/1000/200, 'wall', (performance.now()-t0)/200, r.items.filter(i=>i.outcome!=='REFUSEE').length);
}
await t.close();
