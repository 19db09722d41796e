import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { chainHash, sha256 } from '@chorale/db';
import { canonicalJson, certificateDigest } from './certificate.ts';

/** The canonical JSON as first written (mapped and joined): certificates already issued use it. */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${reference((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** Deterministic pseudo-random numbers (mulberry32). */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'number',
  'netCents',
  'a"b',
  'back\\slash',
  'é',
  'ligne\n',
  '',
  '$ref',
  'kebab-case',
  'Zeta',
  '_x',
  '\u2028',
  '😀',
  'tab\t',
];
const STRINGS = [
  '',
  'Prestation « test »',
  'quote " and \\',
  'ctrl \u0001\u001f',
  '\u2028\u2029',
  '😀 €',
  'FR7630006000011234567890189',
];
const NUMBERS = [0, -0, 1, -12.5, 1e21, 1e-7, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, 120000];

function randomValue(rand: () => number, depth: number): unknown {
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const kind = depth > 3 ? Math.floor(rand() * 5) : Math.floor(rand() * 7);
  switch (kind) {
    case 0:
      return pick(STRINGS);
    case 1:
      return pick(NUMBERS);
    case 2:
      return rand() < 0.5;
    case 3:
      return null;
    case 4:
      return undefined;
    case 5:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 6); i > 0; i--) object[pick(KEYS)] = randomValue(rand, depth + 1);
      return object;
    }
  }
}

describe('certificat de dépôt : JSON canonique et empreintes', () => {
  it('writes exactly what the first canonical JSON wrote, on 5,000 random documents', () => {
    const rand = seeded(20261204);
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(rand, 0);
      assert.equal(canonicalJson(value), reference(value), JSON.stringify(value));
    }
  });

  it('sorts keys, writes no spaces, escapes as JSON, writes an undefined member as null', () => {
    assert.equal(
      canonicalJson({ b: [1, 'x', undefined], 'a"b': { z: undefined, y: true }, é: '€' }),
      '{"a\\"b":{"y":true,"z":null},"b":[1,"x",null],"é":"€"}',
    );
  });

  it('gives the digest of createHash, in hex and base64, for the certificate and the history chain', () => {
    const rand = seeded(7);
    for (let i = 0; i < 200; i++) {
      const text = canonicalJson(randomValue(rand, 0));
      for (const encoding of ['hex', 'base64'] as const)
        assert.equal(sha256(text, encoding), createHash('sha256').update(text, 'utf8').digest(encoding));
    }
    const document = { number: '2026000001', lines: [{ name: 'Prestation « test »', netCents: 10000 }] };
    assert.equal(certificateDigest(document), createHash('sha256').update(reference(document)).digest('base64'));
    const row = {
      invoice_id: 1,
      status: 'DEPOSEE',
      user_id: 2,
      actor_label: 'Jeanne Dupré',
      structure_label: 'X',
      comment: null,
      created_at: '2026-12-04T06:00:00.000Z',
    };
    assert.equal(
      chainHash('invoice_history', 'ab'.repeat(32), row),
      createHash('sha256')
        .update(
          JSON.stringify([
            'invoice_history',
            'ab'.repeat(32),
            1,
            'DEPOSEE',
            2,
            'Jeanne Dupré',
            'X',
            null,
            row.created_at,
          ]),
        )
        .digest('hex'),
    );
  });
});
