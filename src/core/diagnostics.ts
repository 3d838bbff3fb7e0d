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
    super(message);
    this.name = 'FlowInputError';
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file];
  if (d.elementId) where.push(`element ${d.elementId}`);
  if (d.line !== undefined) where.push(`line ${d.line}`);
  if (d.column !== undefined) where.push(`column ${d.column}`);
  return `${where.join(', ')}: ${d.severity}: ${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
