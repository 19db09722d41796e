import { Anchor, Card, SimpleGrid, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { domains, home } from '../labels.ts';
import { orgDomain } from '../labels-organisation.ts';
import { invoicingDomain } from '../labels-invoicing.ts';
import { connectionsDomain } from '../labels-connections.ts';
import { connectionsPaths } from '../pages/Connections/paths.ts';
import { useSignedInUser } from '../session.ts';

// Only the domains that work today; the others come with their applications.
const publicTiles = [{ ...domains.directory, to: '/annuaire' }];
// Organisation is for signed-in users only: the home page offers it once they are.
const organisationTile = { ...orgDomain.tile, to: '/organisation' };
// Facturation, like Organisation, needs an account (its page lists the prerequisites).
const invoicingTile = { ...invoicingDomain.tile, to: '/facturation' };
// Raccordements: a structure's main managers declare API connections and technical accounts.
const connectionsTile = { ...connectionsDomain.tile, to: connectionsPaths.domain };

export function DomainTiles({ headingOrder, all = false }: { headingOrder: 2 | 3; all?: boolean }) {
  const user = useSignedInUser();
  const tiles = all || user ? [...publicTiles, invoicingTile, organisationTile, connectionsTile] : publicTiles;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
      {tiles.map((tile) => (
        <Card key={tile.to} withBorder padding="lg" component="article">
          <Title order={headingOrder} size="h4">
            {tile.title}
          </Title>
          <Text size="sm" mt="xs" c="gray.7">
            {tile.description}
          </Text>
          <Anchor component={Link} to={tile.to} mt="md" fw={600} aria-label={`${home.accessDomain} : ${tile.title}`}>
            {home.accessDomain}
          </Anchor>
        </Card>
      ))}
    </SimpleGrid>
  );
}
