import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '../xml/limits.ts';
import { loadExpected, sampleBytes } from '../test-support/samples.ts';
import { readWithPdfLib } from './read-pdf.ts';
import { readPdfLazily } from './read-pdf-lazy.ts';

const pdfs = Object.keys(loadExpected()).filter((n) => n.endsWith('.pdf'));

describe('lazy PDF reader', () => {
  it('finds the same attachments and XMP as pdf-lib on every sample PDF it accepts', async () => {
    let lazyCount = 0;
    for (const name of pdfs) {
      const bytes = sampleBytes(name);
      let lazy: ReturnType<typeof readPdfLazily>;
      try {
        lazy = readPdfLazily(bytes, DEFAULT_LIMITS.maxXmlBytes);
      } catch {
        lazy = null;
      }
      const full = await readWithPdfLib(bytes, DEFAULT_LIMITS);
      if (!lazy) continue;
      lazyCount++;
      assert.ok(full.ok, name);
      const view = (r: {
        pageCount: number;
        attachments: { name: string; afRelationship: string | null; bytes: Uint8Array; inAf: boolean }[];
        xmp: unknown;
      }) => ({
        pages: r.pageCount,
        files: r.attachments
          .map((a) => [a.name, a.afRelationship, a.inAf, Buffer.from(a.bytes).toString('base64')])
          .sort(),
        xmp: r.xmp,
      });
      assert.deepEqual(view(lazy), view(full), name);
    }
    assert.ok(lazyCount >= 9, `the lazy reader handles the sample PDFs (${lazyCount})`);
  });
});
