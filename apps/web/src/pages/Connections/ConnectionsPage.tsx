import { Anchor, Code, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Page } from '../../components/Page.tsx';
import { connectionsDomain as labels } from '../../labels-connections.ts';
import { invoicingPaths } from '../Invoicing/paths.ts';
import { StructureChoice } from '../Organisation/StructureChoice.tsx';
import { CallsSection } from './CallsSection.tsx';
import { ConnectionsSection } from './ConnectionsSection.tsx';
import type { SectionProps } from './section.tsx';
import { TechnicalAccountsSection } from './TechnicalAccountsSection.tsx';
import { WebhooksSection } from './WebhooksSection.tsx';

/**
 * The sections of the page, in order, each a component of its own file taking the chosen
 * structure (SectionProps).
 */
const sections: { key: string; Section: (props: SectionProps) => React.JSX.Element }[] = [
  { key: 'connexions-api', Section: ConnectionsSection },
  { key: 'webhooks', Section: WebhooksSection },
  { key: 'comptes-techniques', Section: TechnicalAccountsSection },
  { key: 'derniers-appels', Section: CallsSection },
];

/** « Raccordements EDI et API »: for the main managers of a structure (the API refuses the others). */
export function ConnectionsPage() {
  return (
    <Page title={labels.title}>
      <Text>
        {labels.intro} <Code>{`${window.location.origin}/api/oauth/token`}</Code> {labels.introAfter}{' '}
        <Anchor href="/api/docs" target="_blank" rel="noopener">
          {labels.docsLink}
        </Anchor>
      </Text>
      <Text>
        {labels.flowsIntro}{' '}
        <Anchor component={Link} to={`${invoicingPaths.issued}?onglet=flux`}>
          {labels.flowsLink}
        </Anchor>
      </Text>
      <StructureChoice managedOnly>
        {(structure) => (
          <>
            {sections.map(({ key, Section }) => (
              <Section key={`${key}-${structure.id}`} structure={structure} />
            ))}
          </>
        )}
      </StructureChoice>
    </Page>
  );
}
