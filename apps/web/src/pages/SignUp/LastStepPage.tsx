import { Anchor, Paper, Stack, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import type { SignUpResult } from '../../api-client/endpoints.ts';
import { Page } from '../../components/Page.tsx';
import { nav, signUp } from '../../labels.ts';

function isResult(value: unknown): value is SignUpResult {
  return typeof value === 'object' && value !== null && 'maskedEmail' in value && 'firstName' in value;
}

export function LastStepPage() {
  const { state } = useLocation();
  return (
    <Page title={signUp.lastStepTitle} trail={[{ label: signUp.breadcrumb, to: '/creer-un-compte' }]}>
      <Paper withBorder p="lg" maw={720}>
        {isResult(state) ? (
          <Stack role="status">
            <Text>{signUp.lastStepThanks(state.firstName)}</Text>
            <Text>{signUp.lastStepActivate(state.maskedEmail)}</Text>
          </Stack>
        ) : (
          <Stack>
            <Text>{signUp.lastStepMissing}</Text>
            <Anchor component={Link} to="/creer-un-compte">
              {nav.signUp}
            </Anchor>
          </Stack>
        )}
      </Paper>
    </Page>
  );
}
