import type { UseFormReturnType } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../api-client/client.ts';
import { invoiceKeys, invoicesApi, type Invoice } from '../../api-client/invoices.ts';
import {
  applyServerError,
  focusFirstError,
  hasFieldErrors,
  unplacedMessages,
  useFormAlert,
} from '../../components/form-errors.ts';
import { common } from '../../labels.ts';
import type { HeaderForm, HeaderValues } from './header-form.ts';
import { invoicingPaths } from './paths.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyForm = UseFormReturnType<any, any>;

interface Options {
  /** The draft (null: « Saisir facture » before its first save). */
  invoice: Invoice | null;
  form: HeaderForm;
  /** Saves what the page holds (the header, and the typed totals of a plain PDF). */
  saveDraft: (values: HeaderValues) => Promise<Invoice>;
  /** After « Enregistrer » saved the draft (the page's notice or navigation). */
  onSaved: (saved: Invoice) => void;
  /** A second form checked and saved with the header (the typed totals of a plain PDF). */
  extraForm?: AnyForm;
  /** The send rules are checked before the confirmation (the typed page: issue 14). */
  checkBeforeSend?: boolean;
  initialNotice?: string | null;
}

/**
 * What a draft page (« Saisir facture », a deposited draft) does with its draft: save, check the
 * send rules, confirm and send, delete; with the messages these leave (the alert, the rules
 * without a field here listed under it, the lines' message, the notice).
 */
export function useDraftActions({
  invoice,
  form,
  saveDraft,
  onSaved,
  extraForm,
  checkBeforeSend = false,
  initialNotice = null,
}: Options) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [problems, setProblems] = useState<string[]>([]);
  const [linesError, setLinesError] = useState<string | null>(null);
  // The alert goes once the fields it was shown with (the header's, the typed totals') are
  // corrected; shown with rules that no field here shows (listed under it), it stays until the next
  // save or send, like a message about no field.
  const [alert, setAlert] = useFormAlert(
    hasFieldErrors(form.errors) || (extraForm !== undefined && hasFieldErrors(extraForm.errors)) || problems.length > 0,
  );
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const [confirming, setConfirming] = useState<Invoice | null>(null);
  const [deleting, setDeleting] = useState(false);

  const store = (saved: Invoice) => {
    client.setQueryData(invoiceKeys.one(saved.id), saved);
    void client.invalidateQueries({ queryKey: ['invoices', 'issued'] });
  };
  const showError = (error: unknown) => {
    setAlert(applyServerError(form, error));
    if (extraForm) applyServerError(extraForm, error);
    const fields = error instanceof ApiError ? error.fields : {};
    setLinesError(fields.lines ?? null);
    // Rules on data without a field here (lines, structure state…) are listed under the message.
    const placed = (k: string) => k in form.getValues() || (extraForm !== undefined && k in extraForm.getValues());
    setProblems(unplacedMessages(fields, placed));
  };
  const clearMessages = () => {
    setAlert(null);
    setProblems([]);
    setLinesError(null);
    setNotice(null);
  };

  const save = useMutation({ mutationFn: saveDraft, onError: showError });
  // The send rules are checked before the confirmation: the user confirms only what will go.
  const check = useMutation({
    mutationFn: async (saved: Invoice) => {
      const result = await invoicesApi.sendCheck(saved.id);
      if (!result.sendable) throw new ApiError('VALIDATION_FAILED', result.message, 422, result.problems);
      return saved;
    },
    onSuccess: setConfirming,
    onError: showError,
  });
  const submit = useMutation({
    mutationFn: (id: number) => invoicesApi.submit(id),
    onSuccess: (sent) => {
      setConfirming(null);
      store(sent);
      void client.invalidateQueries({ queryKey: invoiceKeys.all });
      window.scrollTo(0, 0);
    },
    onError: (error) => {
      setConfirming(null);
      showError(error);
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => invoicesApi.remove(id),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: invoiceKeys.all });
      navigate(invoicingPaths.issued);
    },
    onError: (error) => setAlert(errorMessage(error)),
  });

  const onInvalid = (errors: Record<string, unknown>) => {
    setAlert(common.formHasErrors);
    focusFirstError(form, errors);
  };
  /** The second form is checked with the header; its messages go next to its fields. */
  const extraInvalid = () => {
    if (!extraForm) return false;
    const { hasErrors, errors } = extraForm.validate();
    if (hasErrors) {
      setAlert(common.formHasErrors);
      focusFirstError(extraForm, errors);
    }
    return hasErrors;
  };
  const saveThen = (then: (saved: Invoice) => void) =>
    form.onSubmit((values) => {
      clearMessages();
      if (extraInvalid()) return;
      save.mutate(values, {
        onSuccess: (saved) => {
          store(saved);
          form.resetDirty();
          then(saved);
        },
      });
    }, onInvalid);

  return {
    alert,
    problems,
    setProblems,
    linesError,
    notice,
    setNotice,
    store,
    onSave: saveThen(onSaved),
    onSend: saveThen((saved) => (checkBeforeSend ? check.mutate(saved) : setConfirming(saved))),
    saving: save.isPending && !confirming,
    sending: save.isPending || check.isPending || submit.isPending,
    /** The confirmation of sending (the invoice about to go) and of deletion. */
    confirming,
    cancelSend: () => setConfirming(null),
    confirmSend: () => confirming && submit.mutate(confirming.id),
    submitting: submit.isPending,
    deleting,
    askDelete: () => setDeleting(true),
    cancelDelete: () => setDeleting(false),
    confirmDelete: () => invoice && remove.mutate(invoice.id),
    removing: remove.isPending,
  };
}

export type DraftActions = ReturnType<typeof useDraftActions>;
