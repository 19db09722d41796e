import { Anchor, List, Stack, Text, Title } from '@mantine/core';
import { Page } from '../../components/Page.tsx';
import { documentation } from '../../labels.ts';

export function DocumentationPage() {
  return (
    <Page title={documentation.title}>
      <Text>{documentation.intro}</Text>
      {documentation.sections.map((section) => (
        <Stack key={section.title} gap="xs">
          <Title order={2} size="h3">
            {section.title}
          </Title>
          <List type="ordered" spacing="xs">
            {section.steps.map((step) => (
              <List.Item key={step}>{step}</List.Item>
            ))}
          </List>
        </Stack>
      ))}
      <Stack gap="xs">
        <Title order={2} size="h3">
          {documentation.apiTitle}
        </Title>
        <Text>{documentation.apiText}</Text>
        {/* Served by the API server (Swagger UI): a full page load, not a portal route. */}
        <Anchor href="/api/docs" fw={600}>
          {documentation.apiLink}
        </Anchor>
      </Stack>
    </Page>
  );
}
