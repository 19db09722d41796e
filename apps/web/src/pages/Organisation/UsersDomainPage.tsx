import { Page } from '../../components/Page.tsx';
import { orgApps, orgDomain } from '../../labels-organisation.ts';
import { AppTiles } from './AppTiles.tsx';
import { orgPaths } from './paths.ts';

/** « Les applications du domaine Utilisateurs », in the webinar's order, then the pending requests. */
export function UsersDomainPage() {
  return (
    <Page title={orgApps.usersTitle} trail={[{ label: orgDomain.breadcrumb, to: orgPaths.domain }]}>
      <AppTiles
        access={orgApps.access}
        accessLabel={orgApps.accessLabel}
        tiles={[
          { ...orgApps.requestMembership, to: orgPaths.requestMembership },
          { ...orgApps.inviteMember, to: orgPaths.invite },
          { ...orgApps.detachMember, to: orgPaths.detach },
          { ...orgApps.listMembers, to: orgPaths.members },
          { ...orgApps.showMember, to: orgPaths.member },
          { ...orgApps.manageProfiles, to: orgPaths.profiles },
          { ...orgApps.pendingRequests, to: orgPaths.pendingRequests },
        ]}
      />
    </Page>
  );
}
