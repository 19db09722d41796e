import { Button, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { accessLevels, applicationLabels, applicationsFor, availableApplications, type Profile } from '@chorale/domain';
import { errorMessage } from '../../api-client/client.ts';
import { connectionsApi, type TechnicalAccount } from '../../api-client/connections.ts';
import { orgKeys, structuresApi } from '../../api-client/organisation.ts';
import { FormAlert } from '../../components/FormAlert.tsx';
import { common } from '../../labels.ts';
import { Dialog } from '../Invoicing/Dialog.tsx';
import { accountsSection as labels } from '../../labels-connections.ts';
import { accessLevelLabels } from '../../labels-organisation.ts';
import type { ChosenStructure } from '../Organisation/StructureChoice.tsx';

interface Props {
  structure: ChosenStructure;
  account: TechnicalAccount | null;
  onClose: () => void;
  onAttached: () => void;
}

const key = (p: Profile) => `${p.application}:${p.level}`;

/**
 * « Rattacher »: the whole structure or one of its services, with the profiles the account gets
 * there (the applications Chorale runs today, as in « Gérer les habilitations »).
 */
export function AttachDialog({ structure, account, onClose, onAttached }: Props) {
  const services = useQuery({
    queryKey: orgKeys.services(structure.id),
    queryFn: () => structuresApi.services(structure.id),
    enabled: account !== null,
  });
  const [serviceId, setServiceId] = useState('');
  const [held, setHeld] = useState<string[]>([]);
  const [alert, setAlert] = useState<string | null>(null);
  const profiles: Profile[] = applicationsFor(structure.kind)
    .filter((application) => availableApplications.has(application))
    .flatMap((application) => accessLevels.map((level) => ({ application, level })));
  const attach = useMutation({
    mutationFn: () =>
      connectionsApi.attach(account!.id, {
        structureId: structure.id,
        serviceId: serviceId ? Number(serviceId) : null,
        profiles: profiles.filter((p) => held.includes(key(p))),
      }),
    onSuccess: () => {
      setHeld([]);
      setServiceId('');
      setAlert(null);
      onAttached();
    },
    onError: (error) => setAlert(errorMessage(error)),
  });
  const close = () => {
    setAlert(null);
    onClose();
  };
  return (
    account !== null && (
      <Dialog title={labels.attachTitle} onClose={close}>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            attach.mutate();
          }}
        >
          <Stack>
            <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {account?.login}
            </Text>
            <Text size="sm">{labels.attachIntro}</Text>
            <FormAlert message={alert} />
            <NativeSelect
              label={labels.service}
              value={serviceId}
              onChange={(event) => setServiceId(event.currentTarget.value)}
              data={[
                { value: '', label: `${structure.companyName} – ${labels.wholeStructure}` },
                ...(services.data?.items ?? []).map((s) => ({ value: String(s.id), label: `${s.code} – ${s.name}` })),
              ]}
            />
            <Checkbox.Group label={labels.profiles} description={labels.profilesHint} value={held} onChange={setHeld}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
                {profiles.map((p) => (
                  <Checkbox
                    key={key(p)}
                    value={key(p)}
                    label={`${applicationLabels[p.application]} – ${accessLevelLabels[p.level]}`}
                  />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {common.cancel}
              </Button>
              <Button type="submit" loading={attach.isPending}>
                {labels.attachSubmit}
              </Button>
            </Group>
          </Stack>
        </form>
      </Dialog>
    )
  );
}
