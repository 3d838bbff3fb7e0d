import type { Diagnostic } from '../diagnostics';
import { compileExpression, ExpressionError } from '../expr/expression';
import type { SceneElement } from '../scene/scene';
import { labelOf, type NodeTexts } from './attach-texts';
import type { Assertion, Operation } from './flow-graph';
import { operationAttempt } from './operation-attempts';
import { parseOperationLine, readOperationLine, type OperationLineReading } from './operation-line';
import { LIST_ITEM } from './source-events';
import { normaliseSpaces, parseAssertion, parseCheckpointInterval } from './texts';
import { isSpaceCode, skipSpaces } from '../text/scan';

const OPERATIONS_HELP = 'count, sum, min, max, avg, distinct, filter <expression>, map <expression>';

interface Line {
  line: string;
  elementId: string;
}

/** `- count`, `• sum`: a list marker before an operation line is decoration. */
const unmarked = (line: string): string => line.replace(/^(?:[-*+•]|\d+[.)])\s+/, '');

/** `filter value > 3` and not `filter out bots`: the words after `filter`/`map` try to be an expression. */
function triesExpression(expression: string): boolean {
  return /\b(key|value)\b|[\d<>=!+\-*/%()"']/.test(expression);
}

/**
 * A line of the label that opens with an operation in the form people write it as an
 * instruction: a lone word (`count`), the word with `by/of/per …` (`sum of amount`), or
 * `filter`/`map` with an expression. `Max latency`, `Map service` stay names.
 */
function isOperationLine(line: string, read: LineReader = readOperationLine): boolean {
  const text = unmarked(line);
  const op = read(text).operation;
  if (!op) return false;
  if (op.kind === 'filter' || op.kind === 'map') return triesExpression(op.expression);
  const second = secondWord(text);
  return second === undefined || CLAUSE_START.test(second) || text[0] === text[0].toLowerCase();
}

const CLAUSE_START = /^(by|of|per|over|for|distinct|keys?)$/i;

/**
 * `text.split(/\s+/)[1]`, or undefined when that split gives one word, found without splitting:
 * every line of every processor is asked.
 */
function secondWord(text: string): string | undefined {
  let i = 0;
  while (i < text.length && !isSpaceCode(text.charCodeAt(i))) i++;
  if (i === text.length) return undefined;
  const from = skipSpaces(text, i);
  let to = from;
  while (to < text.length && !isSpaceCode(text.charCodeAt(to))) to++;
  return text.slice(from, to);
}

/** A line that is no assertion, interval, operation or attempt at one: a line of a name. */
const isPlainLine = (line: string, elementId: string, read: LineReader): boolean =>
  !parseAssertion(line, elementId) && parseCheckpointInterval(line) === null && !isOperationLine(line, read) && !operationAttempt(unmarked(line));

/** Reads an operation line (readOperationLine with its default options). */
type LineReader = (text: string) => OperationLineReading;

/**
 * readOperationLine remembered in `readings`. Returned from a module function rather than
 * written as a named closure in describeProcessor: under keepNames (tsx, the tests, the
 * benchmark) every named closure made per call costs a defineProperty.
 */
function cachedReader(readings: Map<string, OperationLineReading>): LineReader {
  return (text) => {
    let r = readings.get(text);
    if (!r) readings.set(text, (r = readOperationLine(text)));
    return r;
  };
}

/**
 * A processor's texts: a name (its label's lines up to the first operation or assertion, all
 * of them when there is none; else the title above it), at most one operation, `KEY = NUMBER`
 * assertions. A processor without an operation counts per key (the seed); a name such as
 * `count by user` or `max latency` gives the operation when no line does. A line that tries to
 * be an operation the language lacks, or a typo of one, is an error: counting instead would be a
 * guess.
 */
export function describeProcessor(file: string, shape: SceneElement, texts: NodeTexts, title: string | undefined, declaredTitle = false): { name: string; operation: Operation; assertions: Assertion[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const assertions: Assertion[] = [];
  const label = labelOf(texts);
  const nameLines: Line[] = [];
  const body: Line[] = [];
  // A line is asked whether it is an operation while naming, then read as one in the body: read once.
  const readings = new Map<string, OperationLineReading>();
  const read = cachedReader(readings);
  // A canvas card's first line is its name by the format: the rest of its text is content.
  let naming = !declaredTitle;
  const ordered: SceneElement[] = [];
  if (label) {
    ordered.push(label);
    for (const t of texts.bound) if (t !== label) ordered.push(t);
    for (const t of texts.inside) if (t !== label) ordered.push(t);
  }
  for (const t of ordered) {
    for (const raw of (t.text ?? '').split('\n')) {
      const line = normaliseSpaces(raw);
      // A blank line after the name ends it: what follows is the box's content (`Real-time
      // context` / `` / `live-user-profile`).
      if (!line) {
        if (t === label && nameLines.length) naming = false;
        continue;
      }
      // So does a list under it (`dbt` / `- stg_jobs (dedup)`).
      if (t === label && nameLines.length && LIST_ITEM.test(raw)) naming = false;
      // Only a line that may still name the box is asked whether it is plain (the tests are pure, and not cheap).
      if (naming && t === label && isPlainLine(line, t.id, read)) {
        nameLines.push({ line, elementId: t.id });
        continue;
      }
      naming = false;
      body.push({ line, elementId: t.id });
    }
  }
  const ownName = nameLines.length ? nameLines.map((l) => l.line).join(' ') : undefined;
  const name = ownName ?? title ?? body.find((l) => isOperationLine(l.line, read))?.line ?? `processor ${shape.id}`;
  const nameElementId = nameLines[0]?.elementId ?? texts.title?.id ?? label?.id ?? shape.id;

  const operations: { op: Operation; elementId: string; line: string }[] = [];
  for (const { line, elementId } of body) {
    const assertion = parseAssertion(line, elementId);
    if (assertion) {
      assertions.push(assertion);
      continue;
    }
    if (parseCheckpointInterval(line) !== null) continue;
    const reading = read(unmarked(line));
    const op = reading.operation;
    if (op) {
      if (reading.problem) diagnostics.push({ severity: 'error', code: 'bad-operation', file, elementId, message: `processor "${name}": ${reading.problem}` });
      operations.push({ op, elementId, line });
      continue;
    }
    const attempt = operationAttempt(unmarked(line));
    if (attempt) {
      diagnostics.push({ severity: 'error', code: 'unknown-operation-word', file, elementId, message: `"${line}" in processor "${name}" reads as the operation "${attempt.word}", which this language does not have; did you mean \`${attempt.suggestion}\`? (operations: ${OPERATIONS_HELP}). If it is a name, write it as the box's first line or above the box` });
      continue;
    }
    diagnostics.push({ severity: 'warning', code: 'unknown-operation', file, elementId, message: `"${line}" in processor "${name}" is not an operation (${OPERATIONS_HELP}) nor an assertion (KEY = NUMBER); it is ignored. Rewrite it as one of these, or move it out of the box` });
  }
  if (operations.length > 1) {
    diagnostics.push({ severity: 'error', code: 'several-operations', file, elementId: operations[1].elementId, message: `processor "${name}" has ${operations.length} operations ("${operations.map((o) => o.line).join('", "')}"); draw one processor per operation and connect them` });
  }
  for (const o of operations) diagnostics.push(...checkExpression(file, name, o.op, o.elementId));
  if (operations[0]) return { name, operation: operations[0].op, assertions, diagnostics };

  const fromName = parseOperationLine(ownName ?? title ?? '', { anywhere: true });
  if (fromName && (fromName.kind === 'filter' || fromName.kind === 'map')) {
    // "Map service", "filter out bots": a name that only looks like an expression operation.
    diagnostics.push({ severity: 'warning', code: 'unclear-operation', file, elementId: nameElementId, message: `the name of processor "${name}" starts like a ${fromName.kind} operation, but "${fromName.expression}" is not an expression; it counts per key. Write "${fromName.kind} <expression>" on a line inside the box if you meant it` });
    return { name, operation: { kind: 'count' }, assertions, diagnostics };
  }
  return { name, operation: fromName ?? { kind: 'count' }, assertions, diagnostics };
}

/** Compiles a filter/map expression now, so a typo is reported with its column before anything runs. */
function checkExpression(file: string, processor: string, op: Operation, elementId: string): Diagnostic[] {
  if (op.kind !== 'filter' && op.kind !== 'map') return [];
  try {
    const compiled = compileExpression(op.expression, op.kind === 'map' ? 'number' : 'boolean');
    if (op.kind === 'map' && compiled.type === 'string') {
      return [{ severity: 'error', code: 'bad-expression', file, elementId, message: `processor "${processor}": map ${op.expression} gives text, but the result becomes the event's value, a number; use an arithmetic expression such as value * 2` }];
    }
    return [];
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return [{ severity: 'error', code: 'bad-expression', file, elementId, column: err.column, message: `processor "${processor}": ${op.kind} expression "${op.expression}" does not parse at column ${err.column}: ${err.message}. Expressions use key, value, numbers, "strings", + - * / %, comparisons, and/or/not, parentheses` }];
  }
}
