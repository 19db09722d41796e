import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isResponseSerializationError, serializerCompiler as encodingSerializer } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { $ZodType } from 'zod/v4/core';
import { invoiceSchema } from '@chorale/contracts';
import { sentInvoiceView } from '../testing/fixtures.ts';
import { sameBothWays, serializerCompiler } from './response-serializer.ts';

/** A sent invoice as the API answers it. */
const invoice = { ...sentInvoiceView(), side: 'supplier', rejectionHandledAt: null, payment: null };

const route = (schema: $ZodType) => ({ schema, method: 'GET', url: '/t', httpStatus: '200' });
const both = (schema: $ZodType) => [serializerCompiler(route(schema)), encodingSerializer(route(schema))] as const;

describe('réponses : sérialisation contrôlée par leur schéma', () => {
  it('tells the schemas that give the same output both ways from the others', () => {
    assert.equal(sameBothWays(invoiceSchema), true);
    assert.equal(sameBothWays(z.object({ a: z.array(z.union([z.string(), z.null()])).optional() })), true);
    assert.equal(sameBothWays(z.object({ a: z.string().default('x') })), false);
    assert.equal(sameBothWays(z.object({ a: z.array(z.object({ b: z.string().transform((s) => s.trim()) })) })), false);
    assert.equal(
      sameBothWays(
        z.object({
          a: z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() }),
        }),
      ),
      false,
    );
    assert.equal(sameBothWays(z.object({ a: z.number().catch(0) })), false);
    assert.equal(sameBothWays(z.object({ a: z.string().pipe(z.string()) })), false);
    type Node = { name: string; children: Node[] };
    const node: z.ZodType<Node> = z.lazy(() => z.object({ name: z.string(), children: z.array(node) }));
    assert.equal(sameBothWays(node), true);
  });

  it('writes what the encoding serializer writes, without the keys the schema does not declare', () => {
    const [parsed, encoded] = both(invoiceSchema);
    const leaky = { ...invoice, secret: 'mot de passe', supplier: { ...invoice.supplier, internal: 1 } };
    assert.equal(parsed(leaky), encoded(leaky));
    const written = JSON.parse(parsed(leaky)) as Record<string, unknown>;
    assert.equal('secret' in written, false);
    assert.equal('internal' in (written.supplier as object), false);
    assert.deepEqual(written, JSON.parse(JSON.stringify(invoice)));
  });

  it('refuses an answer that does not match its schema, as the encoding serializer does', () => {
    const [parsed, encoded] = both(invoiceSchema);
    const wrong = { ...invoice, status: 'INCONNU' };
    for (const serialize of [parsed, encoded])
      assert.throws(
        () => serialize(wrong),
        (e: unknown) => isResponseSerializationError(e as never),
      );
  });

  it('leaves the schemas that differ both ways to the encoding serializer', () => {
    const schema = z.object({
      at: z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() }),
    });
    const [ours, theirs] = both(schema);
    const data = { at: new Date('2026-12-04T06:00:00.000Z') };
    assert.equal(ours(data), theirs(data));
    assert.equal(ours(data), '{"at":"2026-12-04T06:00:00.000Z"}');
  });
});
