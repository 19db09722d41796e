import { Button, Card, SimpleGrid, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export interface AppTile {
  title: string;
  description: string;
  to: string;
}

/** The cards of a domain page: title, what the application does, « Accéder ». */
export function AppTiles({
  tiles,
  access,
  accessLabel,
}: {
  tiles: AppTile[];
  access: string;
  accessLabel: (title: string) => string;
}) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
      {tiles.map((tile) => (
        <Card key={tile.to} withBorder padding="lg" component="article">
          <Title order={2} size="h4">
            {tile.title}
          </Title>
          <Text size="sm" mt="xs" c="gray.7" style={{ flexGrow: 1 }}>
            {tile.description}
          </Text>
          <Button
            component={Link}
            to={tile.to}
            variant="light"
            mt="md"
            aria-label={accessLabel(tile.title)}
            style={{ alignSelf: 'flex-start' }}
          >
            {access}
          </Button>
        </Card>
      ))}
    </SimpleGrid>
  );
}
