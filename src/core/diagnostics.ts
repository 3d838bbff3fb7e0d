import { shorten } from './text/scan';

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in a user's file, precise enough to point at (file + element) and fix. */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  file: string;
  elementId?: string;
  /** 1-based line in the file, for text formats (event notes, checkpoint notes). */
  line?: number;
  /** 1-based column inside an expression or a line. */
  column?: number;
}

/**
 * Bad input from the user (unreadable drawing, bad events, missing file). Hosts show its
 * one-line message; the command line exits with code 2 and never prints a stack trace.
 */
export class FlowInputError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly elementId?: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(capMessage(message));
    this.name = 'FlowInputError';
  }
}

/** Longest text quoted from a user's file inside a message (`"aaaa…"`). */
const MAX_QUOTED = 60;
/** Longest message: one line a person can read, whatever the file holds. */
export const MAX_MESSAGE = 400;

/**
 * A message that stays one short line however long the user text it quotes: every `"…"` quote
 * longer than MAX_QUOTED is cut (keeping its start), and a message still over MAX_MESSAGE keeps
 * its start and end (the end says what to do). One pass over the message.
 */
export function capMessage(message: string): string {
  if (message.length <= MAX_QUOTED) return message;
  let out = '';
  let at = 0;
  for (let open = message.indexOf('"'); open >= 0; open = message.indexOf('"', at)) {
    const close = message.indexOf('"', open + 1);
    if (close < 0) break;
    out += `${message.slice(at, open + 1)}${shorten(message.slice(open + 1, close), MAX_QUOTED)}"`;
    at = close + 1;
  }
  out += message.slice(at);
  return out.length <= MAX_MESSAGE ? out : `${out.slice(0, MAX_MESSAGE - 101)} … ${out.slice(-98)}`;
}

/** The diagnostic with its message and element id capped (an element id comes from the file too). */
export function capDiagnostic(d: Diagnostic): Diagnostic {
  const message = capMessage(d.message);
  const elementId = d.elementId === undefined ? undefined : shorten(d.elementId, 80);
  return message === d.message && elementId === d.elementId ? d : { ...d, message, ...(elementId === undefined ? {} : { elementId }) };
}

export function formatDiagnostic(raw: Diagnostic): string {
  const d = capDiagnostic(raw);
  const where = [shorten(d.file, 200)];
  if (d.elementId) where.push(`element ${d.elementId}`);
  if (d.line !== undefined) where.push(`line ${d.line}`);
  if (d.column !== undefined) where.push(`column ${d.column}`);
  return `${where.join(', ')}: ${d.severity}: ${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
