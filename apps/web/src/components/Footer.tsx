import { Anchor, Box, Container, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { nav } from '../labels.ts';
import { useSession } from '../session.ts';

export function Footer() {
  const { data: session } = useSession();
  return (
    <Box component="footer" py="lg" mt="xl" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
      <Container size="lg">
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed">
            {nav.footer}
          </Text>
          <Group gap="md">
            <Anchor component={Link} to="/support" size="sm">
              {nav.support}
            </Anchor>
            <Anchor component={Link} to="/documentation" size="sm">
              {nav.documentation}
            </Anchor>
            <Anchor component={Link} to="/conditions-d-utilisation" size="sm">
              {nav.terms}
            </Anchor>
            {session?.devOutbox && (
              // Served by the API server, not by the portal: a full page load.
              <Anchor href="/outbox" size="sm" c="dimmed">
                {nav.devOutbox}
              </Anchor>
            )}
          </Group>
        </Group>
      </Container>
    </Box>
  );
}
