// Issue 13: stored files in an S3-compatible object store (S3_URL), tested against a real
// S3-protocol server (s3rver) started here.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { freePort } from '../../testing/server-process.ts';
import { databaseKinds, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { setUpTypedFlow, typedHeader, type TypedFlow } from '../../testing/typed-flow.ts';
import { openStoredFile } from './file-store.ts';

/** A PDF of `size` bytes (the upload check reads the content, not the name). */
const pdfOf = (size: number) =>
  Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(size - 16), Buffer.from('\n%%EOF\n')]);

describe('issue 13: files in an S3-compatible object store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'chorale-s3-'));
  const port = await freePort();
  const s3 = new S3rver({
    port,
    address: '127.0.0.1',
    silent: true,
    directory: join(dir, 'objects'),
    configureBuckets: [{ name: 'chorale', configs: [] }],
  });
  before(() => s3.run());
  after(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });

  for (const kind of databaseKinds) {
    describe(kind.name, () => {
      let t: TestApp;
      let flow: TypedFlow;
      const dataDir = join(dir, kind.name);
      before(async () => {
        t = await startTestApp(kind, {
          DATA_DIR: dataDir,
          S3_URL: `http://S3RVER:S3RVER@127.0.0.1:${port}/chorale/${kind.name}`,
        });
        flow = await setUpTypedFlow(t, `s3-${kind.name}`);
      });
      after(() => t.close());

      test('an attachment goes to the bucket, not to the disk, and downloads byte for byte, streamed', async () => {
        const draft = await flow.supplier.post('/api/invoices', typedHeader(flow.structureId));
        assert.equal(draft.status, 201, JSON.stringify(draft.body));
        const bytes = pdfOf(3 * 1024 * 1024);
        const added = await flow.supplier.upload(
          `/api/invoices/${draft.body.id}/attachments`,
          { name: 'bon-de-commande.pdf', bytes },
          { designation: 'Bon de commande', kind: 'COMPLEMENTAIRE' },
        );
        assert.equal(added.status, 201, JSON.stringify(added.body));

        const listed = await client.send(new ListObjectsV2Command({ Bucket: 'chorale', Prefix: `${kind.name}/` }));
        const keys = (listed.Contents ?? []).map((o) => o.Key);
        assert.equal(keys.length, 1, `one object: ${keys.join(', ')}`);
        assert.equal(listed.Contents![0]!.Size, bytes.length);
        assert.deepEqual(await readdir(dataDir).catch(() => []), [], 'nothing under DATA_DIR/files');

        const attachmentId = added.body.id as number;
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/invoices/${draft.body.id}/attachments/${attachmentId}`,
          headers: { cookie: [...flow.supplier.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        assert.equal(res.statusCode, 200);
        assert.ok(res.rawPayload.equals(bytes), 'the same bytes');

        // The store hands the file over in pieces as they arrive: never the whole file at once.
        const sha = keys[0]!.split('/').pop()!;
        const sizes: number[] = [];
        for await (const chunk of await openStoredFile(t.app.ctx, sha)) sizes.push((chunk as Buffer).length);
        assert.ok(sizes.length > 10, `${sizes.length} pieces`);
        assert.ok(Math.max(...sizes) < bytes.length / 4, `largest piece ${Math.max(...sizes)} bytes`);
        assert.equal(
          sizes.reduce((a, b) => a + b, 0),
          bytes.length,
        );
      });

      test('the same bytes twice make one object; an unreachable store refuses the upload and records nothing', async () => {
        const draft = await flow.supplier.post('/api/invoices', typedHeader(flow.structureId));
        const bytes = pdfOf(64 * 1024);
        for (const name of ['a.pdf', 'b.pdf']) {
          const r = await flow.supplier.upload(
            `/api/invoices/${draft.body.id}/attachments`,
            { name, bytes },
            {
              designation: name,
              kind: 'COMPLEMENTAIRE',
            },
          );
          assert.equal(r.status, 201);
        }
        const listed = await client.send(new ListObjectsV2Command({ Bucket: 'chorale', Prefix: `${kind.name}/` }));
        assert.equal(listed.KeyCount, 2, 'the earlier file and this one, once');

        const broken = await startTestApp(kind, {
          DATA_DIR: dataDir,
          S3_URL: `http://S3RVER:S3RVER@127.0.0.1:${await freePort()}/chorale/${kind.name}`,
        });
        try {
          const f = await setUpTypedFlow(broken, `s3-broken-${kind.name}`);
          const d = await f.supplier.post('/api/invoices', typedHeader(f.structureId));
          const r = await f.supplier.upload(
            `/api/invoices/${d.body.id}/attachments`,
            { name: 'c.pdf', bytes: pdfOf(4096) },
            {
              designation: 'c',
              kind: 'COMPLEMENTAIRE',
            },
          );
          assert.equal(r.status, 500);
          assert.equal(r.body.error.code, 'INTERNAL');
          const view = await f.supplier.get(`/api/invoices/${d.body.id}`);
          assert.deepEqual(view.body.attachments, [], 'no attachment recorded without its file');
        } finally {
          await broken.close();
        }
      });
    });
  }
});
