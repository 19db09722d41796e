import { useLocation } from 'react-router';
import { FormAlert } from '../../components/FormAlert.tsx';
import { Page } from '../../components/Page.tsx';
import { orgApps, orgDomain } from '../../labels-organisation.ts';
import { connectionsDomain } from '../../labels-connections.ts';
import { connectionsPaths } from '../Connections/paths.ts';
import { AppTiles } from './AppTiles.tsx';
import { orgPaths } from './paths.ts';

/** « Les applications du domaine Structures »; after « Créer une structure », the webinar's banner. */
export function StructuresDomainPage() {
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  return (
    <Page title={orgApps.structuresTitle} trail={[{ label: orgDomain.breadcrumb, to: orgPaths.domain }]}>
      <FormAlert message={created ? orgApps.created : null} color="green" />
      <AppTiles
        access={orgApps.access}
        accessLabel={orgApps.accessLabel}
        tiles={[
          { ...orgApps.createStructure, to: orgPaths.createStructure },
          { ...orgApps.manageStructure, to: orgPaths.manageStructure },
          { ...orgApps.manageService, to: orgPaths.services },
          { ...orgApps.createBankAccount, to: orgPaths.bankAccounts },
          { ...connectionsDomain.structuresTile, to: connectionsPaths.domain },
        ]}
      />
    </Page>
  );
}
