import { Page } from '../../components/Page.tsx';
import { invoicingDomain } from '../../labels-invoicing.ts';
import { AppTiles } from '../Organisation/AppTiles.tsx';
import { invoicingPaths } from './paths.ts';

/** « Les applications du domaine Facturation »: Factures émises and Factures reçues. */
export function InvoicingPage() {
  return (
    <Page title={invoicingDomain.title}>
      <AppTiles
        access={invoicingDomain.access}
        accessLabel={invoicingDomain.accessLabel}
        tiles={[
          { ...invoicingDomain.issued, to: invoicingPaths.issued },
          { ...invoicingDomain.received, to: invoicingPaths.received },
        ]}
      />
    </Page>
  );
}
