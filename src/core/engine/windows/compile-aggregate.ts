import { FlowInputError } from '../../diagnostics';
import type { Plan, PlanNode } from '../../plan/plan';
import type { KeyedState } from '../keyed-state';
import { compileOperator, fanOut, plainKeyFastPath, type Emit } from '../operators';
import { isLateSink } from './late-sinks';
import { needsRecordInput, recordInput } from './record-input';
import { compileWindowOperator, type WindowOperator } from './window-operator';
import { decodeRecordKey } from '../../records/record-text';

/**
 * count / sum / min / max / avg / distinct with their clauses: windowed (window-operator.ts),
 * keyed by a field (`count by user`), or plain; a plain aggregate groups an event with fields or
 * a time by its key (`A @12:00:05` counts as `A`), any other event exactly as before. An
 * unwindowed avg keeps its counts in `counts` (a second state); a windowed one keeps them in
 * each window's event count.
 */
export function compileAggregate(plan: Plan, node: PlanNode, state: KeyedState, emits: Map<string, Emit>, now: () => number, counts?: KeyedState): { input: Emit; window?: WindowOperator } {
  const op = node.operation;
  if (op.kind === 'filter' || op.kind === 'map') throw new Error('compileAggregate: not an aggregate');
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  if (op.window) {
    if (op.kind === 'distinct') {
      throw new FlowInputError(`${plan.file}, element ${node.id}: processor "${node.name}": a window can count, sum, min, max or avg; distinct over a window is not supported yet`, plan.file, node.id);
    }
    const lateIds = node.outputs.filter((id) => isLateSink(byId.get(id)));
    const mainIds = node.outputs.filter((id) => !lateIds.includes(id));
    const window = compileWindowOperator(op.kind, { ...op, window: op.window }, state, fanOut(mainIds.map((id) => emits.get(id)!)), fanOut(lateIds.map((id) => emits.get(id)!)), now);
    return { input: window.input, window };
  }
  const next = fanOut(node.outputs.map((id) => emits.get(id)!));
  const plain = compileOperator({ kind: op.kind }, state, next, counts);
  let decoded: Emit;
  if (needsRecordInput(op)) {
    const read = recordInput(op);
    decoded = (key, value) => plain(read.group(key), read.amount(key, value));
  } else {
    decoded = (key, value) => {
      // A plain key (no `{`, no ` @`) goes straight through.
      if (key.charCodeAt(0) !== 123 && key.indexOf(' @') < 0) plain(key, value);
      else plain(decodeRecordKey(key)?.key ?? key, value);
    };
  }
  // Keys already seen plain skip decoding (operators.ts): the hot path of an unwindowed aggregate.
  return { input: plainKeyFastPath(op.kind, state, next, plain, decoded) };
}
