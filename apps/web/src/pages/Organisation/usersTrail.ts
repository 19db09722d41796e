import { orgApps, orgDomain } from '../../labels-organisation.ts';
import { orgPaths } from './paths.ts';

export const usersTrail = [
  { label: orgDomain.breadcrumb, to: orgPaths.domain },
  { label: orgApps.usersBreadcrumb, to: orgPaths.users },
];
