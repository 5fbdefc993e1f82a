// Dates and numbers with Intl, in the browser's locale and either its time zone or UTC (the toggle).
import { locale, t } from './i18n.js';

// A 24-hour clock writes the hour with two digits ("02:05"); a 12-hour one does not ("2:05 AM").
const hour = /^h2[34]$/.test(new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle) ? '2-digit' : 'numeric';

let utc = false;
let formats = build();

function build() {
  const zone = utc ? { timeZone: 'UTC' } : {};
  return {
    time: new Intl.DateTimeFormat(locale, Object.assign({ hour, minute: '2-digit' }, zone)),
    day: new Intl.DateTimeFormat(locale, Object.assign({ month: 'short', day: 'numeric' }, zone)),
    dayYear: new Intl.DateTimeFormat(locale, Object.assign({ month: 'short', day: 'numeric', year: 'numeric' }, zone)),
    utcDay: new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }),
    exact: new Intl.DateTimeFormat(locale, Object.assign({
      year: 'numeric', month: 'short', day: 'numeric', hour, minute: '2-digit', second: '2-digit', timeZoneName: 'short'
    }, zone)),
    ymd: new Intl.DateTimeFormat('en-CA', Object.assign({ year: 'numeric', month: '2-digit', day: '2-digit' }, zone)),
    input: new Intl.DateTimeFormat('en-CA', Object.assign({
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
    }, zone)),
    number: new Intl.NumberFormat(locale)
  };
}

/** Whether times show in UTC rather than the browser's time zone. */
export function isUtc() {
  return utc;
}

export function setUtc(value) {
  utc = Boolean(value);
  formats = build();
}

function clean(text) {
  return text.replace(/[\u202f\u00a0]/g, ' ');
}

// "2026-12-03" of an instant in the zone shown.
function dayKey(date) {
  const parts = Object.fromEntries(formats.ymd.formatToParts(date).map((part) => [part.type, part.value]));
  return parts.year + '-' + parts.month + '-' + parts.day;
}

function previousDayKey(key) {
  const [year, month, day] = key.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

/** "Today, 2:34 PM", "Gestern, 14:34", "Nov 27, 5:30 PM" in the zone shown. */
export function friendlyTime(date, now) {
  const time = clean(formats.time.format(date));
  const key = dayKey(date);
  const today = dayKey(now);
  if (key === today) {
    return t('time.today', { time: time });
  }
  if (key === previousDayKey(today)) {
    return t('time.yesterday', { time: time });
  }
  const sameYear = key.slice(0, 4) === today.slice(0, 4);
  return t('time.day', { day: clean((sameYear ? formats.day : formats.dayYear).format(date)), time: time });
}

/**
 * The activity chart's label of a bucket starting at <paramref>date</paramref>: "Dec 3, 2026" for a day (a UTC day, named
 * by its UTC date in every zone), "Dec 3, 2:00 PM" for an hour in the zone shown.
 */
export function periodLabel(date, daily) {
  return daily ? clean(formats.utcDay.format(date)) : clean(formats.day.format(date)) + ', ' + clean(formats.time.format(date));
}

/** The full instant with seconds and the zone's name. */
export function exactTime(date) {
  return clean(formats.exact.format(date));
}

export function number(value) {
  return formats.number.format(value);
}

/** A datetime-local input's value ("2026-12-03T14:05") as an ISO instant, read in the zone shown. */
export function inputToIso(value) {
  if (!value) {
    return null;
  }
  const date = new Date(utc ? value + 'Z' : value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO instant as a datetime-local input's value in the zone shown. */
export function isoToInput(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) {
    return '';
  }
  const parts = Object.fromEntries(formats.input.formatToParts(date).map((part) => [part.type, part.value]));
  return parts.year + '-' + parts.month + '-' + parts.day + 'T' + parts.hour + ':' + parts.minute;
}
