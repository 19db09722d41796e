import { Stack, Text } from '@mantine/core';
import { terms } from '../labels.ts';

export function TermsText() {
  return (
    <Stack gap="sm">
      {terms.paragraphs.map((paragraph) => (
        <Text key={paragraph}>{paragraph}</Text>
      ))}
    </Stack>
  );
}
