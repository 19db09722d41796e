import { formatParisDateTime } from '@chorale/domain';

/** Instants are shown in Paris time, wherever the browser is (issue 14). */
export function formatDateTime(iso: string | null): string {
  return formatParisDateTime(iso);
}
