/**
 * Reading a note's YAML frontmatter by lines and string search, never a regular expression over
 * the whole note: a note is user text and may be megabytes long, or open `---` and never close it.
 */

/** The frontmatter's body (between the opening `---` line and the closing `---`), or null without one. */
export function frontmatterBody(text: string): string | null {
  const first = text.startsWith('---\r\n') ? 5 : text.startsWith('---\n') ? 4 : -1;
  if (first < 0) return null;
  // The closing line is `---` alone (CRLF or LF); the body may be empty.
  for (let at = first; at <= text.length; ) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(at, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (line === '---') return text.slice(first, Math.max(first, at - 1)).replace(/\r$/, '');
    if (nl < 0) return null;
    at = nl + 1;
  }
  return null;
}

/** The raw text after `name:` on a top-level line of the frontmatter (trimmed), or null. */
export function frontmatterRaw(text: string, name: string): string | null {
  const body = frontmatterBody(text);
  if (body === null) return null;
  const prefix = `${name}:`;
  for (const line of body.split('\n')) {
    if (line.startsWith(prefix)) return line.slice(prefix.length).trim();
  }
  return null;
}

/** A top-level scalar of the frontmatter, unquoting a JSON string (`"…"`); null when absent. */
export function frontmatterScalar(text: string, name: string): string | null {
  const raw = frontmatterRaw(text, name);
  if (raw === null || !raw.startsWith('"')) return raw;
  try {
    return String(JSON.parse(raw));
  } catch {
    return raw;
  }
}
