import { Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { DomainTiles } from '../../components/DomainTiles.tsx';
import { useAudience } from '../../components/audience.tsx';
import { common, home, nav } from '../../labels.ts';
import { useSession } from '../../session.ts';

export function HomePage() {
  const { audience } = useAudience();
  const { data: session, isPending } = useSession();
  const anonymous = !isPending && session?.stage !== 'signed-in';
  useEffect(() => {
    document.title = common.appName;
  }, []);
  return (
    <Grid gap="xl">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper p="lg" bg="indigo.8" c="white" radius="md">
          <Stack>
            <Title order={1} size="h2">
              {home.welcomeTitle}
            </Title>
            <Text aria-live="polite">{home.intro[audience]}</Text>
            {anonymous && (
              <Group>
                <Button component={Link} to="/creer-un-compte" variant="white">
                  {nav.signUp}
                </Button>
                <Button component={Link} to="/connexion" variant="outline" color="white">
                  {nav.signIn}
                </Button>
              </Group>
            )}
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack>
          <Title order={2}>{home.domainsTitle}</Title>
          <DomainTiles headingOrder={3} />
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
