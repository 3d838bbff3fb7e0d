/**
 * A key in a cell of the tool's Markdown tables (queue, sink and upsert notes): `\`, `|`, CR
 * and LF escaped so a row stays one line with its columns; read back exactly. Most keys hold
 * none of them and go as they are (no replace per row).
 */
const SPECIAL = /[\\|\r\n]/;

export function toTableCell(s: string): string {
  return SPECIAL.test(s) ? s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r/g, '\\r').replace(/\n/g, '\\n') : s;
}

export function fromTableCell(s: string): string {
  return s.includes('\\') ? s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)) : s;
}
