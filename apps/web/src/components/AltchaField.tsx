import 'altcha';
import type {} from 'altcha/types/react';
import './AltchaField.css';
import { Input } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { altchaStrings, signUp } from '../labels.ts';

// The widget picks its strings by language; ours are registered under « fr ».
globalThis.$altcha.i18n.set('fr', altchaStrings);

interface Props {
  error?: React.ReactNode;
  /** Called with the payload once the proof of work is done, and with '' when it expires. */
  onChange: (payload: string) => void;
  /** Changing it resets the widget (a payload is single-use: a rejected submit needs a new one). */
  resetKey: number;
}

/** The widget renders in the light DOM: its own checkbox is what keyboard users reach. */
export function focusAltcha(): void {
  document.querySelector<HTMLInputElement>('altcha-widget input[type="checkbox"]')?.focus();
}

export function AltchaField({ error, onChange, resetKey }: Props) {
  const ref = useRef<HTMLElement & { reset?: () => void }>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const widget = ref.current;
    if (!widget) return;
    const onState = (event: Event) => {
      const detail = (event as CustomEvent<{ state: string; payload?: string }>).detail;
      onChangeRef.current(detail.state === 'verified' ? (detail.payload ?? '') : '');
    };
    widget.addEventListener('statechange', onState);
    return () => widget.removeEventListener('statechange', onState);
  }, []);

  useEffect(() => {
    if (resetKey > 0) ref.current?.reset?.();
  }, [resetKey]);

  return (
    <Input.Wrapper
      label={signUp.captcha}
      labelElement="div"
      description={signUp.captchaHint}
      error={error}
      withAsterisk
      role="group"
      aria-labelledby="captcha-label"
      labelProps={{ id: 'captcha-label' }}
      errorProps={{ role: 'alert' }}
    >
      <altcha-widget ref={ref} challenge="/api/captcha/challenge" name="captcha" language="fr" type="checkbox" />
    </Input.Wrapper>
  );
}
