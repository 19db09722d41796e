import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_THEME } from '@mantine/core';
import { contrastRatio, cssVariablesResolver, readableShade, theme } from './theme.ts';

describe('issue 14: every text colour of the theme meets WCAG AA (4.5:1)', () => {
  test('Mantine’s own orange shade 9 does not: that is why the theme darkens it', () => {
    assert.ok(contrastRatio(DEFAULT_THEME.colors.orange[9], '#ffffff') < 4.5);
  });

  test('the coloured text of light alerts, subtle and outline buttons reads on white and on the palette’s tint', () => {
    const light = cssVariablesResolver({ ...DEFAULT_THEME, ...theme } as never).light;
    for (const [name, palette] of Object.entries(DEFAULT_THEME.colors)) {
      const color = light[`--mantine-color-${name}-light-color`]!;
      assert.equal(color, readableShade(palette));
      assert.ok(contrastRatio(color, '#ffffff') >= 4.5, `${name} on white: ${contrastRatio(color, '#ffffff')}`);
      for (const tint of [0, 1, 2])
        assert.ok(
          contrastRatio(color, palette[tint]!) >= 4.5,
          `${name} on shade ${tint}: ${contrastRatio(color, palette[tint]!)}`,
        );
    }
  });

  test('white text on every filled colour', () => {
    const light = cssVariablesResolver({ ...DEFAULT_THEME, ...theme } as never).light;
    for (const name of Object.keys(DEFAULT_THEME.colors)) {
      const filled = light[`--mantine-color-${name}-filled`]!;
      assert.ok(contrastRatio('#ffffff', filled) >= 4.5, `white on ${name}: ${contrastRatio('#ffffff', filled)}`);
    }
  });
});
