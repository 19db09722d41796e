import { Anchor, Box, Button, Container, Group, Text, UnstyledButton } from '@mantine/core';
import { Link, NavLink, useNavigate } from 'react-router';
import { audiences, common, nav } from '../labels.ts';
import { useSession } from '../session.ts';
import { useAudience } from './audience.tsx';
import { UserMenu } from './UserMenu.tsx';
import classes from './Header.module.css';

const links = [
  { to: '/', label: nav.home, end: true },
  { to: '/domaines', label: nav.domains, end: false },
  { to: '/support', label: nav.support, end: false },
  { to: '/documentation', label: nav.documentation, end: false },
];

export function Header() {
  const { audience, setAudience } = useAudience();
  const navigate = useNavigate();
  const { data: session, isPending } = useSession();
  const user = session?.stage === 'signed-in' ? session.user : null;
  return (
    <Box component="header" className={classes.header}>
      <Box className={classes.audiences}>
        <Container size="lg">
          <Group gap={0} role="group" aria-label={nav.audienceGroup}>
            {audiences.map((id) => (
              <UnstyledButton
                key={id}
                className={classes.audience}
                aria-pressed={audience === id}
                onClick={() => {
                  setAudience(id);
                  navigate('/');
                }}
              >
                {nav.audience[id]}
              </UnstyledButton>
            ))}
          </Group>
        </Container>
      </Box>
      <Container size="lg" py="sm">
        <Group justify="space-between" wrap="wrap">
          <Anchor component={Link} to="/" underline="never" className={classes.brand}>
            <Text fw={700} fz="xl" c="indigo.8">
              {common.appName}
            </Text>
          </Anchor>
          <Group gap="xs">
            {/* Nothing until the session is known: no « Se connecter » flashing for a signed-in user. */}
            {isPending ? null : user ? (
              <UserMenu user={user} />
            ) : (
              <>
                <Button component={Link} to="/creer-un-compte" variant="default">
                  {nav.signUp}
                </Button>
                <Button component={Link} to="/connexion">
                  {nav.signIn}
                </Button>
              </>
            )}
          </Group>
        </Group>
        <Group component="nav" aria-label={nav.main} gap="lg" mt="sm">
          {links.map((link) => (
            <NavLink key={link.to} to={link.to} end={link.end} className={classes.navLink}>
              {link.label}
            </NavLink>
          ))}
        </Group>
      </Container>
    </Box>
  );
}
