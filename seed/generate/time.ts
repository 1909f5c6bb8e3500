/** Fixed clock of the synthetic marketplace, in Unix seconds, and +08:00 formatting. */

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86_400;
const OFFSET = 8 * HOUR;

/** "Now" for every generated file: 2026-06-30T23:59:59+08:00. */
export const NOW = Date.UTC(2026, 5, 30, 15, 59, 59) / 1000;
export const WINDOW_DAYS = 180;
/** First second of the order window: 2026-01-02T00:00:00+08:00. */
export const WINDOW_START = NOW + 1 - WINDOW_DAYS * DAY;

const dayStrings = new Map<number, string>();
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `YYYY-MM-DD` of a local (+08:00) day number, i.e. floor((t + 8 h) / 1 day); cached. */
export function localDate(day: number): string {
  let date = dayStrings.get(day);
  if (date === undefined) {
    date = new Date(day * DAY * 1000).toISOString().slice(0, 10);
    dayStrings.set(day, date);
  }
  return date;
}

/** ISO-8601 with a +08:00 offset, e.g. `2026-03-14T21:05:09+08:00`; `t` is whole seconds. */
export function formatTime(t: number): string {
  const local = Math.floor(t) + OFFSET;
  const day = Math.floor(local / DAY);
  const second = local - day * DAY;
  const hh = Math.floor(second / HOUR);
  const mm = Math.floor((second % HOUR) / MINUTE);
  const ss = second % MINUTE;
  return `${localDate(day)}T${TWO_DIGITS[hh]}:${TWO_DIGITS[mm]}:${TWO_DIGITS[ss]}+08:00`;
}

/** Unix seconds of local (+08:00) midnight of the day containing `t`. */
export function localDayStart(t: number): number {
  return Math.floor((t + OFFSET) / DAY) * DAY - OFFSET;
}
