import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '../../components/Page.tsx';
import { support } from '../../labels.ts';
import { contactUs } from '../../labels-support.ts';

export function SupportPage() {
  return (
    <Page title={support.title}>
      <Text>{support.intro}</Text>
      <Stack gap={4}>
        <Title order={2} size="h3">
          {contactUs.title}
        </Title>
        <Text>{contactUs.text}</Text>
        <Anchor component={Link} to="/support/portail" fw={600}>
          {contactUs.portalLink}
        </Anchor>
      </Stack>
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
