import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// Evaluated through the DevTools protocol, which the portal's Content-Security-Policy (no inline
// script) does not block, unlike a <script> tag added to the page.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: string[];
  any: { data?: { messageKey?: string } | null }[];
}
interface AxeRule {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}
interface AxeResult {
  violations: AxeRule[];
  incomplete: AxeRule[];
}

/**
 * axe files a text whose colour equals its background (1:1) under « incomplete » (it might be
 * hidden on purpose), not under violations: that is how the invisible orange title of « Demander un
 * rattachement » went unseen (issue 14). Visible text at 1:1 is a contrast failure.
 */
function invisibleText(result: AxeResult): AxeRule[] {
  return result.incomplete
    .filter((rule) => rule.id === 'color-contrast')
    .map((rule) => ({
      ...rule,
      nodes: rule.nodes.filter((n) => n.any.some((c) => c.data?.messageKey === 'equalRatio')),
    }))
    .filter((rule) => rule.nodes.length > 0);
}

/** WCAG 2.1 A/AA (colour contrast included) and best-practice violations axe-core finds on the page as it is now. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // A dialog still fading in is half transparent: axe would measure the contrast of a transition
  // (seen on a loaded machine), not of the page a person reads.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), null, {
    timeout: 5_000,
  });
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(
    () =>
      (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<AxeResult> } }).axe.run(document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      }) as Promise<AxeResult>,
  );
  return [...result.violations, ...invisibleText(result)].map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
}

/** The widths the portal is checked at: a laptop and a small phone (issue 14). */
export const checkedWidths = [1280, 390] as const;

/**
 * axe at each checked width, plus what axe cannot see on a phone: nothing wider than the screen
 * (a table scrolled sideways hides its last columns, a SIRET cut at the edge). Returns the problems
 * prefixed by the width; the viewport is put back as it was.
 */
export async function accessibilityViolationsAtWidths(page: Page): Promise<string[]> {
  const original = page.viewportSize() ?? { width: 1280, height: 720 };
  const problems: string[] = [];
  try {
    for (const width of checkedWidths) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForTimeout(150); // Mantine's responsive props follow a resize observer
      for (const v of await accessibilityViolations(page)) problems.push(`${width} px: ${v}`);
      for (const v of await offScreen(page)) problems.push(`${width} px: ${v}`);
    }
  } finally {
    await page.setViewportSize(original);
  }
  return problems;
}

/** Visible texts (table cells, values) that end beyond the right edge of the window or of their scroll box. */
async function offScreen(page: Page): Promise<string[]> {
  // tsx names the helper functions below with `__name`, which the page does not have.
  await page.evaluate('window.__name ??= (f) => f');
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    /** The part of the element not clipped by an ancestor (visually hidden headers are clipped to nothing). */
    const visibleBox = (el: Element) => {
      const box = el.getBoundingClientRect();
      let { left, right, top, bottom } = box;
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === 'visible' && style.clipPath === 'none') continue;
        const r = a.getBoundingClientRect();
        left = Math.max(left, r.left);
        right = Math.min(right, r.right);
        top = Math.max(top, r.top);
        bottom = Math.min(bottom, r.bottom);
      }
      return { left, right, visible: right - left > 1 && bottom - top > 1, full: box };
    };
    const name = (el: Element) =>
      `« ${(el as HTMLElement).innerText?.trim().slice(0, 40) || el.tagName.toLowerCase()} »`;
    if (document.documentElement.scrollWidth > width + 1) {
      const wide = Array.from(document.querySelectorAll('body *')).filter(
        (el) => el.getBoundingClientRect().right > width + 1 && visibleBox(el).visible,
      );
      const leaves = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
      found.push(
        `the page is ${document.documentElement.scrollWidth} px wide: ${leaves.slice(0, 3).map(name).join(', ')}`,
      );
    }
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main th, main td, main dd, main dt'))) {
      if (!el.innerText.trim()) continue;
      const { right, visible, full } = visibleBox(el);
      if (!visible) continue;
      // Inside a sideways scroll box the cell is cut by the box, not by the page.
      if (full.right > Math.min(width, right) + 1 || full.right > width + 1)
        found.push(`${name(el)} goes past the screen`);
      // A value wider than its cell is cut, or spills over its neighbour: either way unreadable.
      else if (el.scrollWidth > el.clientWidth + 1) found.push(`${name(el)} does not fit its cell`);
    }
    return found;
  });
}
