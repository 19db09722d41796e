import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';

const root = new URL('../../../', import.meta.url).pathname;
/** Where the French a user reads is written: the portal, the API's messages and mails, the shared lists. */
const sources = ['apps/web/src', 'apps/api/src', 'packages/contracts/src', 'packages/domain/src'];
/** Names and files from outside (the official directory's data) are kept as they are written there. */
const outside = ['apps/api/src/modules/directory/'];

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

// A string or template literal that reads as French, with an elision written with a straight quote.
const literal = /"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
const french = /[àâéèêîôùûçœ«»]|\b(de|la|le|les|des|une?|vous|votre|est|pas|et|pour|sur)\b/i;
const straightElision = /(?<![A-Za-z])(?:[ldnmtsjc]|qu|jusqu|lorsqu|puisqu|quelqu|aujourd)'(?=[A-Za-zÀ-ÿœ])/i;

describe('issue 14: one kind of apostrophe in the portal’s French', () => {
  test("every French text uses « ’ », never « ' »", () => {
    const found: string[] = [];
    for (const dir of sources)
      for (const path of files(join(root, dir))) {
        const rel = relative(root, path);
        if (outside.some((o) => rel.startsWith(o))) continue;
        readFileSync(path, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            for (const [text] of line.matchAll(literal))
              if (french.test(text) && straightElision.test(text)) found.push(`${rel}:${i + 1}: ${text.slice(0, 80)}`);
          });
      }
    assert.deepEqual(found, []);
  });

  test('« Émetteur » keeps its accent', () => {
    const found: string[] = [];
    for (const path of files(join(root, 'apps/web/src')))
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [text] of line.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g))
            if (/\b(Emetteur)\b/.test(text)) found.push(`${relative(root, path)}:${i + 1}: ${text.slice(0, 80)}`);
        });
    assert.deepEqual(found, []);
  });
});
