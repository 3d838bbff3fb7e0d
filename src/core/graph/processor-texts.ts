import type { Diagnostic } from '../diagnostics';
import type { SceneElement } from '../scene/scene';
import type { NodeTexts } from './attach-texts';
import type { Assertion, Operation } from './flow-graph';
import { normaliseSpaces, parseAssertion, parseCheckpointInterval, parseOperation } from './texts';

/**
 * A processor's texts: a name (title, else the first line of its label), at most one operation
 * line, `KEY = NUMBER` assertions. A processor without an operation counts per key (the seed).
 */
export function describeProcessor(file: string, shape: SceneElement, texts: NodeTexts, title: string | undefined): { name: string; operation: Operation; assertions: Assertion[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const assertions: Assertion[] = [];
  const body: { line: string; elementId: string }[] = [];
  let name = title;
  for (const t of [...texts.bound, ...texts.inside]) {
    for (const raw of (t.text ?? '').split('\n')) {
      const line = normaliseSpaces(raw);
      if (!line) continue;
      if (!name && t === texts.bound[0]) {
        name = line;
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
    const op = parseOperation(line);
    if (op) {
      operations.push({ op, elementId, line });
      continue;
    }
    diagnostics.push({ severity: 'warning', code: 'unknown-operation', file, elementId, message: `"${line}" in processor "${name}" is not an operation (count, sum, min, max, filter <expression>, map <expression>) nor an assertion (KEY = NUMBER); it is ignored` });
  }
  if (operations.length > 1) {
    diagnostics.push({ severity: 'error', code: 'several-operations', file, elementId: operations[1].elementId, message: `processor "${name}" has ${operations.length} operations ("${operations.map((o) => o.line).join('", "')}"); draw one processor per operation and connect them` });
  }
  const operation = operations[0]?.op ?? parseOperation(name) ?? { kind: 'count' };
  return { name, operation, assertions, diagnostics };
}
