/**
 * Event times as people write them after `@`: a time of day (`12:00:05`, `12:00:05.250`,
 * `9:30`), a date and time (`2026-03-01T12:00:05Z`, `2026-03-01 12:00:05`), or milliseconds
 * since 1970 (`1700000000000`). Times of day count from 1970-01-01 00:00 UTC, so a drawing about
 * "12:00" means the same on every machine and in every time zone. Read without regular
 * expressions over the user's text.
 */

const DAY_MS = 86_400_000;

function digitsAt(s: string, at: number): number {
  let i = at;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i - at;
}

/** `HH:MM[:SS[.fff]]` → ms within the day, or null. */
function timeOfDay(s: string): number | null {
  const hLen = digitsAt(s, 0);
  if (hLen < 1 || hLen > 2 || s[hLen] !== ':') return null;
  const mAt = hLen + 1;
  if (digitsAt(s, mAt) !== 2) return null;
  let at = mAt + 2;
  let sec = 0;
  let ms = 0;
  if (s[at] === ':') {
    if (digitsAt(s, at + 1) !== 2) return null;
    sec = Number(s.slice(at + 1, at + 3));
    at += 3;
    if (s[at] === '.') {
      const fLen = digitsAt(s, at + 1);
      if (fLen < 1 || fLen > 3) return null;
      ms = Number(s.slice(at + 1, at + 1 + fLen).padEnd(3, '0'));
      at += 1 + fLen;
    }
  }
  if (at !== s.length) return null;
  const h = Number(s.slice(0, hLen));
  const m = Number(s.slice(mAt, mAt + 2));
  if (h > 23 || m > 59 || sec > 59) return null;
  return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/** A date with a time (`2026-03-01T12:00:05Z`, `2026-03-01 12:00:05`, no zone = UTC) → epoch ms, or null. */
function dateTime(s: string): number | null {
  if (!(digitsAt(s, 0) === 4 && s[4] === '-' && digitsAt(s, 5) === 2 && s[7] === '-' && digitsAt(s, 8) === 2)) return null;
  const month = Number(s.slice(5, 7));
  const date = Number(s.slice(8, 10));
  if (month < 1 || month > 12 || date < 1 || date > 31) return null;
  // setUTCFullYear, not Date.UTC: that one takes years 0–99 for 1900–1999.
  const day = new Date(0).setUTCFullYear(Number(s.slice(0, 4)), month - 1, date);
  if (s.length === 10) return day;
  if (s[10] !== 'T' && s[10] !== ' ') return null;
  let rest = s.slice(11);
  let offset = 0;
  if (rest.endsWith('Z') || rest.endsWith('z')) rest = rest.slice(0, -1);
  else {
    const sign = rest.length >= 6 ? rest[rest.length - 6] : '';
    if ((sign === '+' || sign === '-') && rest[rest.length - 3] === ':') {
      const hh = Number(rest.slice(-5, -3));
      const mm = Number(rest.slice(-2));
      if (!Number.isInteger(hh) || !Number.isInteger(mm)) return null;
      offset = (sign === '+' ? 1 : -1) * (hh * 60 + mm) * 60_000;
      rest = rest.slice(0, -6);
    }
  }
  const t = timeOfDay(rest);
  return t === null ? null : day + t - offset;
}

/** Reads a time written after `@`; null when it is none of the accepted forms. */
export function parseEventTime(text: string): number | null {
  const s = text.trim();
  if (s.length === 0 || s.length > 40) return null;
  const tod = timeOfDay(s);
  if (tod !== null) return tod;
  const dt = dateTime(s);
  if (dt !== null) return dt;
  if (digitsAt(s, 0) === s.length && s.length <= 16) return Number(s);
  return null;
}

/** The canonical text of a time: `12:00:05` (`.250` when needed) within the first day, else an ISO date and time. Reads back with parseEventTime. */
export function formatEventTime(ms: number): string {
  if (ms >= 0 && ms < DAY_MS && Number.isInteger(ms)) {
    const two = (n: number): string => String(n).padStart(2, '0');
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor(ms / 60_000) % 60;
    const s = Math.floor(ms / 1000) % 60;
    const f = ms % 1000;
    return `${two(h)}:${two(m)}:${two(s)}${f ? `.${String(f).padStart(3, '0')}` : ''}`;
  }
  // Outside years 0000–9999 an ISO text would need a sign; milliseconds read back instead.
  if (!Number.isInteger(ms) || ms < -62_167_219_200_000 || ms > 253_402_300_799_999) return String(ms);
  const iso = new Date(ms).toISOString();
  // Whole seconds drop the `.000`: `2026-03-01T12:00:05Z`.
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
