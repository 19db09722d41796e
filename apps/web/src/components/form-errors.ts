import type { UseFormReturnType } from '@mantine/form';
import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
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

/** What a form's banner rule remembers from one render to the next. */
export interface BannerState {
  /** The banner shown (null: none); a new show is a new value, even with the same words. */
  banner: unknown;
  /** Whether it was shown while fields were in error: then it is about them. */
  aboutFields: boolean;
}

/**
 * The rule of a form's summary banner, from one render to the next: a banner shown while fields
 * are in error is about them and goes once none is left (the user corrected them; the per-field
 * messages said what to do). A banner shown with no field in error (a server message about no
 * field of the page) stays until the next submit, whatever the fields do meanwhile.
 */
export function bannerStep(
  previous: BannerState,
  banner: unknown,
  fieldErrors: boolean,
): BannerState & { clear: boolean } {
  if (banner === null || banner === undefined) return { banner: null, aboutFields: false, clear: false };
  const aboutFields = Object.is(banner, previous.banner) ? previous.aboutFields : fieldErrors;
  return { banner, aboutFields, clear: aboutFields && !fieldErrors };
}

/** Whether some field of the form shows an error. */
export const hasFieldErrors = (errors: Record<string, unknown>): boolean => Object.values(errors).some(Boolean);

/**
 * Where a banner rule reads whether fields are in error: the form (its errors), or that answer
 * itself for a form without useForm (its own errors state) or a banner shown with more than one
 * form's errors or with rules listed under it.
 */
export type FieldErrorsSource = AnyForm | boolean;

export const fieldErrorsIn = (source: FieldErrorsSource): boolean =>
  typeof source === 'boolean' ? source : hasFieldErrors(source.errors);

/**
 * Clears a form's summary banner (« Certains champs sont à corriger… ») once the fields in error
 * when it was shown are all corrected (bannerStep). `banner` is the state shown, `setBanner` its
 * setter; each show must be a new value (an object), so that a banner shown again is seen as new.
 */
export function useBannerClearedWhenFixed<T>(
  form: FieldErrorsSource,
  banner: T | null,
  setBanner: Dispatch<SetStateAction<T | null>>,
): void {
  const fieldErrors = fieldErrorsIn(form);
  const state = useRef<BannerState>({ banner: null, aboutFields: false });
  useEffect(() => {
    const next = bannerStep(state.current, banner, fieldErrors);
    state.current = { banner: next.banner, aboutFields: next.aboutFields };
    if (next.clear) setBanner((current) => (Object.is(current, banner) ? null : current));
  }, [banner, fieldErrors, setBanner]);
}

/**
 * A form's banner message (for FormAlert and onValidSubmit), cleared once the fields it was about
 * are corrected (useBannerClearedWhenFixed).
 */
export function useFormAlert(form: FieldErrorsSource): [string | null, (message: string | null) => void] {
  const [shown, setShown] = useState<{ message: string } | null>(null);
  useBannerClearedWhenFixed(form, shown, setShown);
  const setAlert = useCallback((message: string | null) => setShown(message === null ? null : { message }), []);
  return [shown?.message ?? null, setAlert];
}
