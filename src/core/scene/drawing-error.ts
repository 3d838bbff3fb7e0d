import { FlowInputError } from '../diagnostics';

/** Codes of the problems that stop a file from being read as a drawing at all. */
export type DrawingErrorCode = 'not-a-drawing' | 'no-drawing-section' | 'truncated-drawing' | 'corrupt-drawing' | 'bad-json' | 'no-elements';

/**
 * A file that cannot be read as a drawing: thrown as FlowInputError (hosts print its one line)
 * that also carries the same problem as a diagnostic, so `flows inspect --json` and the run
 * view can list it like any other.
 */
export function drawingError(file: string, code: DrawingErrorCode, message: string): FlowInputError {
  const text = `${file}: ${message}`;
  return new FlowInputError(text, file, undefined, [{ severity: 'error', code, message, file }]);
}
