import { Button, Group, Stack, Title } from '@mantine/core';
import { FormAlert } from '../../components/FormAlert.tsx';
import { common } from '../../labels.ts';

export function PanelDone({ title, message, onClose }: { title: string; message: string; onClose: () => void }) {
  return (
    <Stack>
      <Title order={2} size="h3">
        {title}
      </Title>
      <FormAlert color="green" message={message} />
      <Group>
        <Button onClick={onClose}>{common.close}</Button>
      </Group>
    </Stack>
  );
}
