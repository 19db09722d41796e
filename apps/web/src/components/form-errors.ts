import type { UseFormReturnType } from '@mantine/form';
import { ApiError } from '../api-client/client.ts';
import { common } from '../labels.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyForm = UseFormReturnType<any, any>;

/** Moves the focus to the first field in error, in the order of the form's fields. */
export function focusFirstError(
  form: AnyForm,
  errors: Record<string, unknown>,
  custom: Record<string, () => void> = {},
): void {
  const order = Object.keys(form.getValues() as object);
  const first = order.find((key) => errors[key]) ?? Object.keys(errors).find((key) => errors[key]);
  if (!first) return;
  requestAnimationFrame(() => {
    const focusCustom = custom[first];
    if (focusCustom) focusCustom();
    else form.getInputNode(first)?.focus();
  });
}

/**
 * Shows the server's field messages next to their fields (the typed values stay) and returns the
 * message for the form's alert.
 */
export function applyServerError(form: AnyForm, error: unknown, custom: Record<string, () => void> = {}): string {
  if (error instanceof ApiError) {
    const fields = Object.fromEntries(
      Object.entries(error.fields).filter(([key]) => key in (form.getValues() as object)),
    );
    if (Object.keys(fields).length > 0) {
      form.setErrors(fields);
      focusFirstError(form, fields, custom);
    }
    return error.message;
  }
  return common.unexpected;
}

/**
 * The server's messages that no field of the page shows (a rule on the lines, on the structure's
 * state…), to list under the alert; the lines' message is listed even where it also has a place.
 */
export function unplacedMessages(fields: Record<string, string>, placed: (key: string) => boolean): string[] {
  return Object.entries(fields)
    .filter(([key]) => !placed(key) || key === 'lines')
    .map(([, message]) => message);
}

interface Schema {
  safeParse: (value: unknown) => { success: boolean; error?: { issues: { message: string }[] } };
}

/** A form field's rule from the shared contract's schema: its first message, or null when valid. */
export const schemaRule =
  (schema: Schema) =>
  (value: unknown): string | null => {
    const parsed = schema.safeParse(value);
    return parsed.success ? null : (parsed.error?.issues[0]?.message ?? null);
  };

/**
 * A form's submit handler: the alert cleared, then `run` with the valid values; invalid values get
 * the form's banner message and the focus on the first field in error.
 */
export function onValidSubmit<V>(
  form: UseFormReturnType<V>,
  setAlert: (message: string | null) => void,
  run: (values: V) => void,
) {
  return form.onSubmit(
    (values) => {
      setAlert(null);
      run(values);
    },
    (errors) => {
      setAlert(common.formHasErrors);
      focusFirstError(form, errors);
    },
  );
}
