/**
 * Chorale's business calendar is French: « aujourd'hui », the year of an invoice number and every
 * date a person reads are those of Paris, whatever the time zone of the server or the browser
 * (instants are stored in UTC; between midnight and 01:00 or 02:00 in Paris the UTC date is still
 * the day before).
 */
export const BUSINESS_TIME_ZONE = 'Europe/Paris';

const isoDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const frDay = new Intl.DateTimeFormat('fr-FR', { timeZone: BUSINESS_TIME_ZONE, dateStyle: 'short' });
const frDayTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: BUSINESS_TIME_ZONE,
  dateStyle: 'short',
  timeStyle: 'short',
});
const frDayInWords = new Intl.DateTimeFormat('fr-FR', {
  timeZone: BUSINESS_TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const hms = new Intl.DateTimeFormat('fr-FR', {
  timeZone: BUSINESS_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const HOUR_MS = 3_600_000;
/** The last hour asked and its day: since 1970 Paris changes day and offset only on whole UTC hours. */
let lastHour = Number.NaN;
let lastDay = '';

/**
 * The business day (« YYYY-MM-DD ») in Paris at this instant. Formatting with Intl costs a few
 * microseconds and every request asks (issue 13): the answer is kept for the UTC hour.
 */
export function businessDate(instant: Date): string {
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  if (hour === lastHour) return lastDay;
  const parts = Object.fromEntries(isoDay.formatToParts(instant).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  if (hour >= 0) {
    lastHour = hour;
    lastDay = day;
  }
  return day;
}

/** The year in Paris at this instant: the year of invoice and draft numbers. */
export function businessYear(instant: Date): number {
  return Number(businessDate(instant).slice(0, 4));
}

function toDate(value: string | Date): Date | null {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * « 28/11/2026 ». A business date (« YYYY-MM-DD », no time) is shown as written; an instant as
 * its day in Paris.
 */
export function formatParisDate(value: string | Date | null | undefined, empty = '—'): string {
  if (!value) return empty;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value.split('-').reverse().join('/');
  const d = toDate(value);
  return d ? frDay.format(d) : String(value);
}

/** « 28/11/2026 00:30 », Paris time. */
export function formatParisDateTime(value: string | Date | null | undefined, empty = '—'): string {
  if (!value) return empty;
  const d = toDate(value);
  return d ? frDayTime.format(d) : String(value);
}

/**
 * « mardi 1 décembre 2026 à 05 h 12 min 09 s (heure de Paris) »: for proofs such as the deposit
 * certificate, read by an accountant.
 */
export function formatParisDateTimeInWords(value: string | Date): string {
  const d = toDate(value);
  if (!d) return String(value);
  const t = Object.fromEntries(hms.formatToParts(d).map((p) => [p.type, p.value]));
  return `${frDayInWords.format(d)} à ${t.hour} h ${t.minute} min ${t.second} s (heure de Paris)`;
}

/**
 * The instant (ISO, UTC) at which the Paris business day `date` (« YYYY-MM-DD ») begins: the
 * lower bound of « déposée le … » searches on instants stored in UTC.
 */
export function parisDayStart(date: string): string {
  const utcMidnight = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
  // One hour before UTC midnight Paris is at 00:00 or 01:00 of `date`, before any DST switch (02:00).
  const probe = new Date(utcMidnight - 3_600_000);
  const h = Number(Object.fromEntries(hms.formatToParts(probe).map((p) => [p.type, p.value])).hour);
  const offsetHours = (h + 1) % 24; // Paris is UTC+1 or UTC+2
  return new Date(utcMidnight - offsetHours * 3_600_000).toISOString();
}
