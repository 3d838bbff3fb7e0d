import type { Diagnostic } from '../diagnostics';
import { compileExpression, ExpressionError } from '../expr/expression';
import type { SceneElement } from '../scene/scene';
import { labelOf, type NodeTexts } from './attach-texts';
import type { Assertion, Operation } from './flow-graph';
import { parseOperationLine, readOperationLine } from './operation-line';
import { normaliseSpaces, parseAssertion, parseCheckpointInterval } from './texts';

const OPERATIONS_HELP = 'count, sum, min, max, filter <expression>, map <expression>';

/**
 * A processor's texts: a name (title, else the first line of its label), at most one operation
 * line, `KEY = NUMBER` assertions. A processor without an operation counts per key (the seed);
 * a name such as `count by user` or `max latency` gives the operation when no line does.
 */
export function describeProcessor(file: string, shape: SceneElement, texts: NodeTexts, title: string | undefined): { name: string; operation: Operation; assertions: Assertion[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const assertions: Assertion[] = [];
  const body: { line: string; elementId: string }[] = [];
  let name = title;
  let nameElementId = texts.title?.id ?? shape.id;
  const label = labelOf(texts);
  for (const t of [...texts.bound, ...texts.inside]) {
    for (const raw of (t.text ?? '').split('\n')) {
      const line = normaliseSpaces(raw);
      if (!line) continue;
      // An assertion (`A = 1`) on top is never the name, even in a box without a label.
      if (!name && t === label && !parseAssertion(line, t.id)) {
        name = line;
        nameElementId = t.id;
        continue;
      }
      body.push({ line, elementId: t.id });
    }
  }
  name ??= `processor ${shape.id}`;

  const operations: { op: Operation; elementId: string; line: string }[] = [];
  for (const { line, elementId } of body) {
    const assertion = parseAssertion(line, elementId);
    if (assertion) {
      assertions.push(assertion);
      continue;
    }
    if (parseCheckpointInterval(line) !== null) continue;
    const reading = readOperationLine(line);
    const op = reading.operation;
    if (op) {
      if (reading.problem) diagnostics.push({ severity: 'error', code: 'bad-operation', file, elementId, message: `processor "${name}": ${reading.problem}` });
      operations.push({ op, elementId, line });
      continue;
    }
    diagnostics.push({ severity: 'warning', code: 'unknown-operation', file, elementId, message: `"${line}" in processor "${name}" is not an operation (${OPERATIONS_HELP}) nor an assertion (KEY = NUMBER); it is ignored. Rewrite it as one of these, or move it out of the box` });
  }
  if (operations.length > 1) {
    diagnostics.push({ severity: 'error', code: 'several-operations', file, elementId: operations[1].elementId, message: `processor "${name}" has ${operations.length} operations ("${operations.map((o) => o.line).join('", "')}"); draw one processor per operation and connect them` });
  }
  if (operations[0]) {
    diagnostics.push(...checkExpression(file, name, operations[0].op, operations[0].elementId));
    return { name, operation: operations[0].op, assertions, diagnostics };
  }
  const fromName = parseOperationLine(name, { anywhere: true });
  if (fromName && (checkExpression(file, name, fromName, nameElementId).length > 0 || isOneWord(fromName))) {
    // "Map service", "filter out bots": a name that only looks like an expression operation.
    diagnostics.push({ severity: 'warning', code: 'unclear-operation', file, elementId: nameElementId, message: `the name of processor "${name}" starts like a ${fromName.kind} operation, but "${'expression' in fromName ? fromName.expression : ''}" is not an expression; it counts per key. Write "${fromName.kind} <expression>" on a line inside the box if you meant it` });
    return { name, operation: { kind: 'count' }, assertions, diagnostics };
  }
  return { name, operation: fromName ?? { kind: 'count' }, assertions, diagnostics };
}

/** `Map service`: a name whose "expression" is one word (which would read as a field) is prose. */
function isOneWord(op: Operation): boolean {
  if (op.kind !== 'filter' && op.kind !== 'map') return false;
  try {
    return compileExpression(op.expression).ast.kind === 'field';
  } catch {
    return false;
  }
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
