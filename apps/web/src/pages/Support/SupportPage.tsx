import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '../../components/Page.tsx';
import { support } from '../../labels.ts';

export function SupportPage() {
  return (
    <Page title={support.title}>
      <Text>{support.intro}</Text>
      {support.sections.map((section) => (
        <Stack key={section.title} gap={4}>
          <Title order={2} size="h3">
            {section.title}
          </Title>
          <Text>{section.text}</Text>
        </Stack>
      ))}
      <Anchor component={Link} to="/documentation" fw={600}>
        {support.docLink}
      </Anchor>
    </Page>
  );
}
