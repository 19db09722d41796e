import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { webhookFormSchema } from '@chorale/contracts';
import type { UseFormReturnType } from '@mantine/form';
import { common } from '../labels.ts';
import {
  bannerStep,
  fieldErrorsIn,
  hasFieldErrors,
  onValidSubmit,
  schemaRule,
  unplacedMessages,
  type BannerState,
} from './form-errors.ts';

describe('server messages listed under a draft page’s alert', () => {
  const fields = {
    recipientIdentifier: 'Destinataire inconnu.',
    totalNet: 'Le total HT ne correspond pas.',
    lines: 'Ajoutez au moins une ligne.',
    supplierStructureId: 'Structure suspendue.',
  };

  test('a message with a field on the page stays by its field; the others are listed', () => {
    const header = new Set(['recipientIdentifier', 'supplierStructureId']);
    assert.deepEqual(
      unplacedMessages(fields, (k) => header.has(k)),
      ['Le total HT ne correspond pas.', 'Ajoutez au moins une ligne.'],
    );
  });

  test('a second form (the typed totals) places its own fields too', () => {
    const placed = new Set(['recipientIdentifier', 'supplierStructureId', 'totalNet']);
    assert.deepEqual(
      unplacedMessages(fields, (k) => placed.has(k)),
      ['Ajoutez au moins une ligne.'],
    );
  });

  test('the lines’ message is listed even where the page shows it by the lines', () => {
    assert.deepEqual(
      unplacedMessages(fields, () => true),
      ['Ajoutez au moins une ligne.'],
    );
    assert.deepEqual(
      unplacedMessages({}, () => false),
      [],
    );
  });
});

describe('a field checked by the shared contract’s schema', () => {
  const schema = {
    safeParse: (value: unknown) =>
      typeof value === 'string' && value.trim() !== ''
        ? { success: true }
        : { success: false, error: { issues: [{ message: 'Saisissez un nom.' }, { message: 'second' }] } },
  };
  test('gives the schema’s first message, or null for a valid value', () => {
    assert.equal(schemaRule(schema)(''), 'Saisissez un nom.');
    assert.equal(schemaRule(schema)('Compta'), null);
  });
  test('works with the contracts’ schemas (the webhook address)', () => {
    const url = schemaRule(webhookFormSchema.shape.url);
    assert.match(url('   ') ?? '', /Adresse de notification/);
    assert.equal(url('https://example.org/hook'), null);
  });
});

describe('a form’s submit handler', () => {
  type Values = { name: string };
  // Mantine's onSubmit calls the first handler with valid values, the second with the errors.
  const fakeForm = (errors: Record<string, string>) => {
    const focused: string[] = [];
    const form = {
      getValues: () => ({ name: '' }),
      getInputNode: (key: string) => ({ focus: () => focused.push(key) }),
      onSubmit: (valid: (v: Values) => void, invalid: (e: Record<string, string>) => void) => () =>
        Object.keys(errors).length ? invalid(errors) : valid({ name: 'Compta' }),
    };
    return { form: form as unknown as UseFormReturnType<Values>, focused };
  };
  globalThis.requestAnimationFrame ??= (callback: FrameRequestCallback) => {
    callback(0);
    return 0;
  };

  test('valid values: the alert is cleared, then the action runs with them', () => {
    const { form } = fakeForm({});
    const calls: unknown[] = [];
    const submit = onValidSubmit(
      form,
      (m) => calls.push(['alert', m]),
      (v) => calls.push(['run', v]),
    ) as () => void;
    submit();
    assert.deepEqual(calls, [
      ['alert', null],
      ['run', { name: 'Compta' }],
    ]);
  });

  test('invalid values: the banner message, the focus on the first field in error, no action', () => {
    const { form, focused } = fakeForm({ name: 'Saisissez un nom.' });
    const calls: unknown[] = [];
    const submit = onValidSubmit(
      form,
      (m) => calls.push(['alert', m]),
      (v) => calls.push(['run', v]),
    ) as () => void;
    submit();
    assert.deepEqual(calls, [['alert', common.formHasErrors]]);
    assert.deepEqual(focused, ['name']);
  });
});

describe('a form’s summary banner once the fields are corrected', () => {
  // Renders played through the rule as the hook plays them: each step sets whether fields are in
  // error and, if given, shows a new banner; gives the banner left on the page after each render.
  const play = (steps: { fieldErrors: boolean; show?: object }[]) => {
    let state: BannerState = { banner: null, aboutFields: false };
    let shown: object | null = null;
    return steps.map(({ fieldErrors, show }) => {
      if (show) shown = show;
      const next = bannerStep(state, shown, fieldErrors);
      state = next;
      if (next.clear) shown = null;
      return shown;
    });
  };
  const toCorrect = () => ({ message: common.formHasErrors });

  test('shown with fields in error, it stays while one is left and goes once none is', () => {
    const banner = toCorrect();
    assert.deepEqual(play([{ show: banner, fieldErrors: true }, { fieldErrors: true }, { fieldErrors: false }]), [
      banner,
      banner,
      null,
    ]);
  });

  test('a server message about no field of the page stays, even if a field is then in error and corrected', () => {
    const server = { message: 'La structure est suspendue.' };
    assert.deepEqual(play([{ show: server, fieldErrors: false }, { fieldErrors: true }, { fieldErrors: false }]), [
      server,
      server,
      server,
    ]);
  });

  test('each submit with fields in error shows a banner about them, even with the same words as the last one', () => {
    const server = toCorrect();
    const first = toCorrect();
    const second = toCorrect();
    assert.deepEqual(
      play([
        { show: server, fieldErrors: false },
        { show: first, fieldErrors: true },
        { fieldErrors: false },
        { show: second, fieldErrors: true },
        { fieldErrors: false },
      ]),
      [server, first, null, second, null],
    );
  });

  test('no banner: nothing to clear', () => {
    assert.deepEqual(play([{ fieldErrors: true }, { fieldErrors: false }]), [null, null]);
  });

  test('fields in error are those with a message', () => {
    assert.equal(hasFieldErrors({}), false);
    assert.equal(hasFieldErrors({ name: null, code: undefined, iban: '' }), false);
    assert.equal(hasFieldErrors({ name: null, iban: 'Cet IBAN n’est pas valide.' }), true);
  });

  test('a form without useForm, or a banner about more than one form, says itself whether fields are in error', () => {
    assert.equal(fieldErrorsIn(true), true);
    assert.equal(fieldErrorsIn(false), false);
    const withErrors = (errors: Record<string, string | null>) =>
      ({ errors }) as unknown as UseFormReturnType<{ name: string }>;
    assert.equal(fieldErrorsIn(withErrors({ name: 'Saisissez un nom.' })), true);
    assert.equal(fieldErrorsIn(withErrors({ name: null })), false);
  });
});
