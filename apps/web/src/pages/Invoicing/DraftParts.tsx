import { Alert, List, Text } from '@mantine/core';
import { FormAlert } from '../../components/FormAlert.tsx';
import { ConfirmDialog } from '../Organisation/ConfirmDialog.tsx';
import type { DraftActions } from './draft-actions.ts';
import { SendDialog } from './SendDialog.tsx';

/** The notice, then the alert with the rules that no field of the page shows listed under it. */
export function DraftMessages({
  actions,
  noticeColor = 'green',
}: {
  actions: DraftActions;
  noticeColor?: 'green' | 'orange';
}) {
  const { notice, alert, problems } = actions;
  return (
    <>
      <FormAlert message={notice} color={noticeColor} />
      {(alert || problems.length > 0) && (
        <Alert color="red" variant="light" role="alert">
          {alert && <Text size="sm">{alert}</Text>}
          {problems.length > 0 && (
            <List size="sm" mt="xs">
              {problems.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </>
  );
}

/** The draft's two confirmations: deletion (its button's name as title) and sending. */
export function DraftDialogs({
  actions,
  deleteLabel,
  deleteText,
}: {
  actions: DraftActions;
  deleteLabel: string;
  deleteText: string;
}) {
  const { confirming } = actions;
  return (
    <>
      <ConfirmDialog
        opened={actions.deleting}
        title={deleteLabel}
        text={deleteText}
        confirm={deleteLabel}
        danger
        pending={actions.removing}
        onConfirm={actions.confirmDelete}
        onClose={actions.cancelDelete}
      />
      {confirming && (
        <SendDialog
          invoice={confirming}
          pending={actions.submitting}
          onCancel={actions.cancelSend}
          onConfirm={actions.confirmSend}
        />
      )}
    </>
  );
}
