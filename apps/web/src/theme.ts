import { createTheme, PasswordInput, TextInput } from '@mantine/core';

// Neutral theme: the State design system (DSFR) is reserved to State websites.
const announcedErrors = { errorProps: { 'aria-live': 'polite' } } as const;

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  components: {
    TextInput: TextInput.extend({ defaultProps: announcedErrors }),
    PasswordInput: PasswordInput.extend({ defaultProps: announcedErrors }),
  },
});
