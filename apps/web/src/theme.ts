import {
  createTheme,
  darken,
  DEFAULT_THEME,
  luminance,
  PasswordInput,
  TextInput,
  type CSSVariablesResolver,
} from '@mantine/core';

// Neutral theme: the State design system (DSFR) is reserved to State websites.
const announcedErrors = { errorProps: { 'aria-live': 'polite' } } as const;

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8: white text on buttons and indigo links on white reach the 4.5:1 contrast of WCAG AA.
  primaryShade: 8,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  components: {
    TextInput: TextInput.extend({ defaultProps: announcedErrors }),
    PasswordInput: PasswordInput.extend({ defaultProps: announcedErrors }),
  },
});

/** WCAG contrast ratio of two colours (relative luminance). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The shade 9 of a palette, darkened until it reaches 4.6:1 on the palette's shade 2: light alerts
 * and light buttons sit on shade 1, hovered light buttons on shade 2. Mantine's orange, yellow,
 * green… stay under WCAG AA (4.5:1) there even at shade 9, so light alerts' titles, light and
 * subtle buttons and white text on filled ones were unreadable (issue 14).
 */
export function readableShade(palette: readonly string[]): string {
  let color = palette[9]!;
  for (let i = 1; contrastRatio(color, palette[2]!) < 4.6 && i <= 20; i++) color = darken(palette[9]!, i * 0.05);
  return color;
}

const readableColors = Object.fromEntries(
  Object.entries(DEFAULT_THEME.colors).flatMap(([name, palette]) => {
    const shade8 = palette[8];
    const readable = readableShade(palette);
    return [
      [`--mantine-color-${name}-light-color`, readable],
      [`--mantine-color-${name}-outline`, readable],
      // White text on a filled button: shade 8 when it is dark enough, the readable shade otherwise.
      [`--mantine-color-${name}-filled`, contrastRatio(shade8, '#ffffff') >= 4.5 ? shade8 : readable],
      [`--mantine-color-${name}-filled-hover`, darken(readable, 0.1)],
    ];
  }),
);

/** Mantine's default dimmed and error colours are too pale for WCAG AA (4.5:1) on white. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    ...readableColors,
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
