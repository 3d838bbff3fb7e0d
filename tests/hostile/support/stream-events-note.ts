import { createReadStream } from 'node:fs';
import { EventsNoteParser } from '../../../src/core/events/events-note';

/**
 * Reads an events note from disk in 64 kB chunks through the streaming parser, keeping only
 * counts, and prints {events, sum, lines, diagnostics}. Run in a child process with a small
 * heap: if the parser held the lines (or the events) it would run out of memory.
 */
const file = process.argv[2];
const parser = new EventsNoteParser(file);
let events = 0;
let sum = 0;
const take = (batch: { value: number }[]): void => {
  events += batch.length;
  for (const e of batch) sum += e.value;
};
const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
stream.on('data', (chunk) => take(parser.push(chunk as string)));
stream.on('end', () => {
  take(parser.end());
  process.stdout.write(`${JSON.stringify({ events, sum, diagnostics: parser.diagnostics.length, lastDiagnostic: parser.diagnostics.at(-1)?.message, firstLine: parser.diagnostics[0]?.line })}\n`);
});
