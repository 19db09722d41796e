import { Button, Group, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { meApi } from '../api-client/endpoints.ts';
import { common, signIn } from '../labels.ts';
import { welcomeLinks } from '../labels-organisation.ts';
import { sessionKey, useSignedInUser } from '../session.ts';

// The two ways to reach the invoicing features, in the order of the dialog's two choices.
const choices = [
  { to: '/organisation/structures/creer', label: welcomeLinks.createStructure },
  { to: '/organisation/utilisateurs/demander-un-rattachement', label: welcomeLinks.requestMembership },
];

/** « Félicitations ! » shown once, at the first sign-in of a new account. */
export function FirstSignInModal() {
  const user = useSignedInUser();
  const client = useQueryClient();
  const [closed, setClosed] = useState(false);
  const opened = Boolean(user?.firstSignIn) && !closed;

  const close = () => {
    setClosed(true);
    meApi
      .firstSignInSeen()
      .catch(() => undefined)
      .finally(() => client.invalidateQueries({ queryKey: sessionKey }).then(() => setClosed(false)));
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={signIn.congratsTitle}
      size="lg"
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
      closeButtonProps={{ 'aria-label': common.close }}
    >
      <Stack>
        <Text>{signIn.congratsText}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {signIn.congratsOptions.map((option, index) => (
            <Paper key={option.title} withBorder p="md">
              <Title order={3} size="h5">
                {option.title}
              </Title>
              <Text size="sm" mt="xs">
                {option.text}
              </Text>
              {choices[index] && (
                <Button component={Link} to={choices[index].to} onClick={close} variant="light" size="sm" mt="sm">
                  {choices[index].label}
                </Button>
              )}
            </Paper>
          ))}
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {welcomeLinks.notYet}
        </Text>
        <Group justify="flex-end">
          <Button onClick={close}>{common.close}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
