import { Avatar, Button, Menu } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import type { Profile } from '@chorale/contracts';
import { nav } from '../labels.ts';
import { orgMenu } from '../labels-organisation.ts';
import { useSignOut } from '../session.ts';

export function UserMenu({ user }: { user: Profile }) {
  const signOut = useSignOut();
  const navigate = useNavigate();
  const name = `${user.firstName} ${user.lastName}`;
  const initials = `${user.firstName.charAt(0)}${user.lastName.charAt(0)}`.toUpperCase();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          leftSection={
            <Avatar size="sm" color="indigo" aria-hidden>
              {initials}
            </Avatar>
          }
        >
          {name}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to="/mon-compte">
          {nav.myAccount}
        </Menu.Item>
        <Menu.Item component={Link} to="/mon-compte/rattachements">
          {orgMenu.myMemberships}
        </Menu.Item>
        <Menu.Item component={Link} to="/mes-invitations">
          {orgMenu.myInvitations}
        </Menu.Item>
        <Menu.Item component={Link} to="/mon-compte/habilitations">
          {orgMenu.myPermissions}
        </Menu.Item>
        <Menu.Item component={Link} to="/mon-compte/demandes">
          {orgMenu.myRequests}
        </Menu.Item>
        <Menu.Item component={Link} to="/mon-compte/facteurs">
          {nav.myFactors}
        </Menu.Item>
        <Menu.Item component={Link} to="/mon-compte/adresse-de-connexion">
          {nav.changeLoginEmail}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/') })}
          disabled={signOut.isPending}
        >
          {nav.signOut}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
