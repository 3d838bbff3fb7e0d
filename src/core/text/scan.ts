/**
 * Small character scanners for reading user text in one pass. Readers use these instead of
 * regular expressions whose backtracking can turn a long line quadratic (`\s*:` tried at every
 * position of a run of spaces, two stars over the same letters): every function here looks at
 * each character a bounded number of times.
 */

/** Exactly the characters of a regular expression's `\s` (ECMAScript WhiteSpace and LineTerminator). */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The index of the first character at or after `i` (before `end`) that is not white space. */
export function skipSpaces(s: string, i: number, end = s.length): number {
  while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
  return i;
}

/** The index just after the last character before `end` (down to `start`) that is not white space. */
export function trimEndIndex(s: string, start: number, end = s.length): number {
  while (end > start && isSpaceCode(s.charCodeAt(end - 1))) end--;
  return end;
}

const COLON = 58;
const EQUALS = 61;
const isSign = (c: number): boolean => c === COLON || c === EQUALS;

/**
 * Drops the white space around every `:` and `=` (`B : 3` → `B:3`, `C = 2` → `C=2`), as
 * `s.replace(/\s*([:=])\s*\/g, '$1')` would, but in one pass: that expression retries `\s*` at
 * every space of a long run that no sign ends.
 */
export function compactAroundSigns(s: string): string {
  // No sign, nothing to drop: the text as it is, not rebuilt from its pieces (most labels).
  if (s.indexOf(':') < 0 && s.indexOf('=') < 0) return s;
  let out = '';
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isSpaceCode(c)) {
      const j = skipSpaces(s, i);
      if (j < n && isSign(s.charCodeAt(j))) i = j;
      else {
        out += s.slice(i, j);
        i = j;
      }
    } else if (isSign(c)) {
      out += s[i];
      i = skipSpaces(s, i + 1);
    } else {
      let j = i + 1;
      while (j < n && !isSpaceCode(s.charCodeAt(j)) && !isSign(s.charCodeAt(j))) j++;
      out += s.slice(i, j);
      i = j;
    }
  }
  return out;
}

/**
 * Whether `s` is already what `s.replace(/\s+/g, ' ').trim()` makes of it: no white space at
 * either end, none but single plain spaces inside. Most labels are, and skip the copy.
 */
export function spacesNormal(s: string): boolean {
  let afterSpace = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (afterSpace) return false;
      afterSpace = true;
    } else if (isSpaceCode(c)) return false;
    else afterSpace = false;
  }
  return !afterSpace || s.length === 0;
}

/** Runs of white space become one space, ends trimmed (`s.replace(/\s+/g, ' ').trim()`, in one pass). */
export function collapseSpaces(s: string): string {
  let out = '';
  let i = skipSpaces(s, 0);
  const end = trimEndIndex(s, i);
  while (i < end) {
    let j = i;
    while (j < end && !isSpaceCode(s.charCodeAt(j))) j++;
    out += s.slice(i, j);
    if (j < end) out += ' ';
    i = skipSpaces(s, j, end);
  }
  return out;
}

/** At most `max` characters of `text` (an ellipsis marks a cut), so a message quoting user text stays one short line. */
export function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Every run of white space that holds a line break becomes one space (messages are one line),
 * as `s.replace(/\s*\n\s*\/g, ' ')` would; that expression retries `\s*` at every space of a long
 * run without a line break.
 */
export function joinLines(s: string): string {
  if (!s.includes('\n')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    let j = i;
    while (j < s.length && !isSpaceCode(s.charCodeAt(j))) j++;
    out += s.slice(i, j);
    if (j === s.length) break;
    const k = skipSpaces(s, j);
    const run = s.slice(j, k);
    out += run.includes('\n') ? ' ' : run;
    i = k;
  }
  return out;
}

/** `s` without the characters `drop` accepts at either end (`/^x+|x+$/g` without its quadratic end search). */
export function trimWhere(s: string, drop: (c: number) => boolean): string {
  let a = 0;
  let b = s.length;
  while (a < b && drop(s.charCodeAt(a))) a++;
  while (b > a && drop(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** True when `s` holds `[[…]]` with at least one character and no `]` inside (`/\[\[[^\]]+\]\]/`, in one pass). */
export function hasWikiLink(s: string): boolean {
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 93 /* ] */) {
      if (open >= 0 && i > open + 2 && s.charCodeAt(i + 1) === 93) return true;
      open = -1;
    } else if (c === 91 /* [ */ && open < 0 && s.charCodeAt(i + 1) === 91) open = i;
  }
  return false;
}
