import { Badge, Card, Group, Table, Text, Title } from '@mantine/core';
import type { DirectoryEntity } from '../../api-client/endpoints.ts';
import { common, directory } from '../../labels.ts';

function requirements(entity: DirectoryEntity): string[] {
  const list: string[] = [];
  if (entity.serviceCodeRequired) list.push(directory.serviceCodeRequired);
  if (entity.commitmentRequired) list.push(directory.commitmentRequired);
  if (entity.serviceOrCommitmentRequired) list.push(directory.serviceOrCommitmentRequired);
  return list.length > 0 ? list : [directory.nothingRequired];
}

export function EntityCard({ entity }: { entity: DirectoryEntity }) {
  const place = [entity.address, [entity.postalCode, entity.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return (
    <Card withBorder component="article" padding="md">
      <Title order={2} size="h4">
        {entity.name}
      </Title>
      <Text size="sm" c="gray.7">
        {directory.identifier(entity.identifierType, entity.identifier)}
        {place && ` — ${place}`}
      </Text>
      <Group gap="xs" mt="xs">
        {requirements(entity).map((label) => (
          <Badge
            key={label}
            variant={label === directory.nothingRequired ? 'light' : 'filled'}
            color={label === directory.nothingRequired ? 'gray' : 'yellow.3'}
            // Dark text on the yellow badge: the light orange one missed the 4.5:1 contrast.
            autoContrast
          >
            {label}
          </Badge>
        ))}
      </Group>
      <Title order={3} size="h6" mt="md">
        {directory.servicesTitle}
      </Title>
      {entity.services.length === 0 ? (
        <Text size="sm">{directory.noServices}</Text>
      ) : (
        <Table striped withTableBorder mt={4} aria-label={directory.servicesCaption(entity.name)}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{directory.columns.code}</Table.Th>
              <Table.Th scope="col">{directory.columns.name}</Table.Th>
              <Table.Th scope="col">{directory.columns.commitment}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entity.services.map((service) => (
              <Table.Tr key={service.code}>
                <Table.Td>{service.code}</Table.Td>
                <Table.Td>{service.name}</Table.Td>
                <Table.Td>{service.commitmentRequired ? common.yes : common.no}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
