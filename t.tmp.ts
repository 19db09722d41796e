import { databaseKinds, startTestApp } from './apps/api/src/testing/test-app.ts';
const t = await startTestApp(databaseKinds[0]!);
const c = t.client();
for (const u of ['/api/docs', '/api/docs/', '/api/docs/static/index.html']) { const r = await c.get(u); console.log(u, r.status, r.headers.location, String(r.body).slice(0, 300)); }
const doc = (await c.get('/api/docs/json')).body;
console.log(JSON.stringify(doc.paths['/api/me'], null, 1).slice(0, 3000));
console.log(JSON.stringify(doc.paths['/api/auth/sign-out'], null, 1).slice(0, 1500));
console.log(Object.keys(doc.components.schemas));
await t.close();
