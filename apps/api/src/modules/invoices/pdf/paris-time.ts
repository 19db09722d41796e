/**
 * Dates as a person in France reads them: an instant (UTC in the database) shown in Paris time.
 * When the shared Paris-time helper of issue 14 (« Business dates in Europe/Paris ») lands, these
 * become thin calls to it.
 */
const PARIS = 'Europe/Paris';

/** The Paris calendar day (YYYY-MM-DD) of an instant. */
export function parisDate(instant: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: PARIS,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}

/** « 01/12/2026 » for a business date (YYYY-MM-DD) or an instant. */
export function frDate(value: string | null): string {
  if (!value) return '';
  const date = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  return date.toLocaleDateString('fr-FR', { timeZone: PARIS });
}

/** « mardi 1 décembre 2026 à 05 h 12 min 09 s (heure de Paris) »: an instant in words, for a certificate. */
export function frInstantInWords(instant: string): string {
  const date = new Date(instant);
  const day = date.toLocaleDateString('fr-FR', {
    timeZone: PARIS,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('fr-FR', {
      timeZone: PARIS,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${day} à ${parts.hour} h ${parts.minute} min ${parts.second} s (heure de Paris)`;
}
