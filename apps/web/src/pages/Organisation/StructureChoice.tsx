import { Center, Loader, NativeSelect, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { grants, type AccessLevel, type Application, type Profile, type StructureKind } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { membershipsApi, orgKeys } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { common } from '../../labels.ts';
import { structurePicker } from '../../labels-organisation.ts';

export interface ChosenStructure {
  id: number;
  identifier: string;
  companyName: string;
  kind: StructureKind;
  /** Main manager of the whole structure: members, requests and habilitations are his. */
  isManager: boolean;
  /** Structure-level profiles of the user (service-level ones do not cover the structure). */
  profiles: Profile[];
}

export const may = (s: ChosenStructure, application: Application, level: AccessLevel) =>
  grants(s.profiles, application, level);

/** The structures the user is validated in, with his role and structure-level profiles. */
export function useMyStructures() {
  const mine = useQuery({ queryKey: orgKeys.mine, queryFn: membershipsApi.mine });
  const permissions = useQuery({ queryKey: orgKeys.permissions, queryFn: membershipsApi.permissions });
  const byId = new Map<number, ChosenStructure>();
  for (const m of mine.data?.items ?? []) {
    if (m.status !== 'VALIDEE') continue;
    const known = byId.get(m.structure.id);
    const isManager = m.role === 'MAIN_MANAGER' && m.service === null;
    if (known) known.isManager ||= isManager;
    else
      byId.set(m.structure.id, {
        id: m.structure.id,
        identifier: m.structure.identifier,
        companyName: m.structure.companyName,
        kind: m.structure.kind,
        isManager,
        profiles: [],
      });
  }
  for (const p of permissions.data?.items ?? []) {
    if (p.serviceCode === '') byId.get(p.structureId)?.profiles.push({ application: p.application, level: p.level });
  }
  return {
    structures: [...byId.values()],
    isPending: mine.isPending || permissions.isPending,
    error: mine.error ?? permissions.error,
  };
}

interface Props {
  /** Only the structures whose main manager the user is (members, invitations, habilitations). */
  managedOnly?: boolean;
  children: (structure: ChosenStructure) => ReactNode;
}

/** « Structure »: the user picks one of his structures; the choice lives in `?structure=`. */
export function StructureChoice({ managedOnly = false, children }: Props) {
  const [params, setParams] = useSearchParams();
  const { structures: all, isPending, error } = useMyStructures();
  const structures = managedOnly ? all.filter((s) => s.isManager) : all;
  const chosenId = Number(params.get('structure')) || null;
  const only = structures.length === 1 ? structures[0] : undefined;

  useEffect(() => {
    if (!chosenId && only) {
      const next = new URLSearchParams(params);
      next.set('structure', String(only.id));
      setParams(next, { replace: true });
    }
  }, [chosenId, only, params, setParams]);

  if (isPending)
    return (
      <Center>
        <Loader aria-label={common.loading} />
      </Center>
    );
  if (error) return <FormAlert message={errorMessage(error)} />;

  // A structure named in the address but not (or no longer) the user's: the server answers for it.
  const chosen =
    chosenId === null
      ? null
      : (structures.find((s) => s.id === chosenId) ?? {
          id: chosenId,
          identifier: String(chosenId),
          companyName: '',
          kind: 'PRIVEE' as const,
          isManager: false,
          profiles: [],
        });

  return (
    <Stack gap="md">
      {structures.length === 0 ? (
        <Text>{managedOnly ? structurePicker.noneManaged : structurePicker.none}</Text>
      ) : (
        <NativeSelect
          label={structurePicker.label}
          maw={640}
          value={chosenId ? String(chosenId) : ''}
          onChange={(event) => {
            const next = new URLSearchParams();
            if (event.currentTarget.value) next.set('structure', event.currentTarget.value);
            setParams(next);
          }}
          data={[
            { value: '', label: structurePicker.placeholder },
            ...structures.map((s) => ({
              value: String(s.id),
              label: structurePicker.option(s.identifier, s.companyName),
            })),
          ]}
        />
      )}
      {chosen && children(chosen)}
    </Stack>
  );
}
