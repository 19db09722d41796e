import { createTheme, PasswordInput, TextInput, type CSSVariablesResolver } from '@mantine/core';

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

/** Mantine's default dimmed and error colours are too pale for WCAG AA (4.5:1) on white. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
