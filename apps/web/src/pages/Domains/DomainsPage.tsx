import { Text } from '@mantine/core';
import { DomainTiles } from '../../components/DomainTiles.tsx';
import { Page } from '../../components/Page.tsx';
import { domains } from '../../labels.ts';

export function DomainsPage() {
  return (
    <Page title={domains.title}>
      <Text>{domains.intro}</Text>
      <DomainTiles headingOrder={2} all />
    </Page>
  );
}
