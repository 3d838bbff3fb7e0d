/**
 * Every note is read with LF line ends, whatever is on disk. The tool writes LF, but git's
 * `core.autocrlf`, some editors and sync tools rewrite whole vaults with CRLF; its own notes
 * (checkpoints and their data files, queue notes and segments, sink notes, the lock, the notes
 * of previous runs) and a person's (drawings, events notes) must read exactly as before. No
 * note the tool writes holds a CR of its own: keys with one are escaped (`\r`).
 * Each store's `read` (VaultStore) gives text through this, so no reader has to remember.
 */
export function withLfLineEnds(text: string): string {
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
}
