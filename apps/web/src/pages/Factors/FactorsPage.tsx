import { Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Page } from '../../components/Page.tsx';
import { factors as labels } from '../../labels.ts';
import { AddSecurityKeyPanel } from './AddSecurityKeyPanel.tsx';
import { AddTotpPanel } from './AddTotpPanel.tsx';
import { ChangePasswordPanel } from './ChangePasswordPanel.tsx';
import { FactorList } from './FactorList.tsx';
import classes from './FactorsPage.module.css';

type Panel = 'totp' | 'password' | 'webauthn';

const settings: { id: Panel; title: string; hint: string }[] = [
  { id: 'totp', title: labels.addApp, hint: labels.addAppHint },
  { id: 'password', title: labels.changePassword, hint: labels.changePasswordHint },
  { id: 'webauthn', title: labels.addKey, hint: labels.addKeyHint },
];

export function FactorsPage() {
  const [panel, setPanel] = useState<Panel | null>(null);
  // Each opening starts a fresh panel (a new TOTP secret, an empty form).
  const [opening, setOpening] = useState(0);
  const buttons = useRef<Partial<Record<Panel, HTMLButtonElement | null>>>({});

  // Keyboard and screen-reader users land in the panel they opened.
  useEffect(() => {
    if (!panel) return;
    const heading = document.querySelector<HTMLElement>('#factor-panel h2');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }, [panel, opening]);

  const close = () => {
    const previous = panel;
    setPanel(null);
    if (previous) requestAnimationFrame(() => buttons.current[previous]?.focus());
  };

  return (
    <Page title={labels.title}>
      <Text>{labels.intro}</Text>
      <FactorList />
      <Stack gap="sm">
        <Title order={2} size="h3">
          {labels.settingsTitle}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {settings.map((item) => (
            <UnstyledButton
              key={item.id}
              ref={(node) => {
                buttons.current[item.id] = node;
              }}
              className={classes.setting}
              aria-expanded={panel === item.id}
              aria-controls={panel === item.id ? 'factor-panel' : undefined}
              onClick={() => {
                setPanel(item.id);
                setOpening((n) => n + 1);
              }}
            >
              <Text fw={700}>{item.title}</Text>
              <Text size="sm" c="gray.7">
                {item.hint}
              </Text>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </Stack>
      {panel && (
        <Paper withBorder p="lg" id="factor-panel" key={`${panel}-${opening}`}>
          {panel === 'totp' && <AddTotpPanel onDone={close} />}
          {panel === 'password' && <ChangePasswordPanel onDone={close} />}
          {panel === 'webauthn' && <AddSecurityKeyPanel onDone={close} />}
        </Paper>
      )}
    </Page>
  );
}
