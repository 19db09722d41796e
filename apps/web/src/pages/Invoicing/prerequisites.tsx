import { Anchor, Badge, Center, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { Application } from '@chorale/domain';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { common } from '../../labels.ts';
import { prerequisites as labels } from '../../labels-invoicing.ts';
import { useSession } from '../../session.ts';
import { orgPaths } from '../Organisation/paths.ts';

export interface IssuingStructure {
  id: number;
  identifier: string;
  companyName: string;
}

/**
 * The structures the user may act for in an application at « modification » level (at structure
 * or service level), from « Mes habilitations ».
 */
export function useStructuresWith(application: Application, enabled = true) {
  const permissions = useQuery({ queryKey: orgKeys.permissions, queryFn: membershipsApi.permissions, enabled });
  const byId = new Map<number, IssuingStructure>();
  for (const p of permissions.data?.items ?? [])
    if (p.application === application && p.level === 'modification' && !byId.has(p.structureId))
      byId.set(p.structureId, { id: p.structureId, identifier: p.structure, companyName: p.companyName });
  return { structures: [...byId.values()], isPending: permissions.isPending && enabled, error: permissions.error };
}

/** The webinar's « Prérequis pour déposer/saisir la facture », checked for the current user. */
export function usePrerequisites() {
  const session = useSession();
  const signedIn = session.data?.stage === 'signed-in';
  const mine = useQuery({ queryKey: orgKeys.mine, queryFn: membershipsApi.mine, enabled: signedIn });
  const issuing = useStructuresWith('FACTURES_EMISES', signedIn);
  const member = (mine.data?.items ?? []).some((m) => m.status === 'VALIDEE');
  return {
    isPending: session.isPending || (signedIn && (mine.isPending || issuing.isPending)),
    signedIn,
    member,
    structures: issuing.structures,
    ready: signedIn && issuing.structures.length > 0,
  };
}

function Step({ ok, text, children }: { ok: boolean; text: string; children?: ReactNode }) {
  return (
    <List.Item>
      <Stack gap={4}>
        <Text>
          <Badge color={ok ? 'green' : 'red'} variant="light" mr="xs">
            {ok ? labels.done : labels.missing}
          </Badge>
          {text}
        </Text>
        {!ok && children}
      </Stack>
    </List.Item>
  );
}

/** Shown in place of « Factures émises » while a prerequisite is missing, each with what to do. */
export function Prerequisites({ state }: { state: ReturnType<typeof usePrerequisites> }) {
  const location = useLocation();
  if (state.isPending)
    return (
      <Center>
        <Loader aria-label={common.loading} />
      </Center>
    );
  return (
    <Paper withBorder p="lg" role="region" aria-labelledby="invoicing-prerequisites">
      <Title order={2} size="h3" id="invoicing-prerequisites">
        {labels.title}
      </Title>
      <Text mt="xs">{labels.intro}</Text>
      <List mt="sm" spacing="sm" listStyleType="none">
        <Step ok={state.signedIn} text={labels.account}>
          <Text size="sm">
            <Anchor component={Link} to="/connexion" state={{ from: location.pathname }}>
              {labels.signIn}
            </Anchor>
            {' · '}
            <Anchor component={Link} to="/creer-un-compte">
              {labels.signUp}
            </Anchor>
          </Text>
        </Step>
        <Step ok={state.member} text={labels.membership}>
          <Anchor component={Link} to={orgPaths.structures} size="sm">
            {labels.membershipAction}
          </Anchor>
        </Step>
        <Step ok={state.ready} text={labels.profile}>
          <Text size="sm">
            {labels.profileHelp}{' '}
            <Anchor component={Link} to={orgPaths.myPermissions}>
              {labels.profileAction}
            </Anchor>
          </Text>
        </Step>
      </List>
    </Paper>
  );
}

/**
 * May the user act on this invoice in `application` (« modification »)? A structure-level profile
 * covers every service; a service-level one only its service. The server decides in the end.
 */
export function useMayModify(
  application: Application,
  structureId: number | undefined,
  serviceCode: string | undefined,
): boolean {
  const permissions = useQuery({ queryKey: orgKeys.permissions, queryFn: membershipsApi.permissions });
  return (permissions.data?.items ?? []).some(
    (p) =>
      p.structureId === structureId &&
      p.application === application &&
      p.level === 'modification' &&
      (p.serviceCode === '' || p.serviceCode === serviceCode),
  );
}
