import { Page } from '../../components/Page.tsx';
import { orgDomain } from '../../labels-organisation.ts';
import { AppTiles } from './AppTiles.tsx';
import { orgPaths } from './paths.ts';

/** « Domaines Organisation »: Structures and Utilisateurs. */
export function OrganisationPage() {
  return (
    <Page title={orgDomain.title}>
      <AppTiles
        access={orgDomain.access}
        accessLabel={orgDomain.accessLabel}
        tiles={[
          { ...orgDomain.structures, to: orgPaths.structures },
          { ...orgDomain.users, to: orgPaths.users },
        ]}
      />
    </Page>
  );
}
