/**
 * Progress goes to stderr so that `--json` leaves stdout to the one JSON object a script reads.
 */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
