/**
 * The max_stall runs' child process (started by stall.ts): a fresh heap, so what V8 collects
 * during the runs is what they made. Prints one JSON line on stdout: the result, and the largest
 * file the runs wrote (for max_file_bytes).
 *
 * Usage: node --import tsx stall-child.ts quick|full
 */
import { largestWritten } from '../lib/written-files';
import { measureStallHere } from './stall';

const result = await measureStallHere(process.argv[2] === 'quick');
process.stdout.write(`${JSON.stringify({ result, largest: await largestWritten() })}\n`);
