import type { Diagnostic } from '../diagnostics';
import type { EventSpec } from '../graph/flow-graph';
import { flowPaths } from '../paths';
import type { Plan } from '../plan/plan';
import type { VaultStore } from '../ports';
import { seedEvents } from '../run/events-input';
import { readQueueEvents } from '../run/queue-reader';

export interface QueueEvents {
  /** Source element id → its whole queue, in the order the engine consumes it. */
  events: Map<string, EventSpec[]>;
  /** Per source id: how many came from the queue log (events appended while running, `--events`). */
  fromQueueLog: Map<string, number>;
  diagnostics: Diagnostic[];
}

/**
 * Every event a drawing's sources hold in the vault, as `flows run --resume` would replay them:
 * the events drawn in each source, then its linked events note, then the rows of its queue log.
 * Reads only; a torn last queue row (a run killed mid-append) is left out, as a run would.
 */
export async function queueEventsOf(store: VaultStore, drawingPath: string, plan: Plan, flowsFolder = 'Flows'): Promise<QueueEvents> {
  const paths = flowPaths(flowsFolder, drawingPath);
  const out: QueueEvents = { events: new Map(), fromQueueLog: new Map(), diagnostics: [] };
  // Same nodes, same order as the run's DurableQueues: the queue log names are handed out in call order.
  for (const source of plan.nodes.filter((n) => n.role === 'source')) {
    const seeded = await seedEvents(store, drawingPath, source);
    out.diagnostics.push(...seeded.diagnostics);
    const events = [...seeded.events];
    const logPath = paths.queueLog(source.name, source.id);
    const parsed = await readQueueEvents(store, logPath);
    let appended = 0;
    if (parsed !== null) {
      for (let i = 0; i < parsed.keys.length; i++) events.push({ key: parsed.keys[i], value: parsed.values[i] });
      appended = parsed.keys.length;
    }
    out.events.set(source.id, events);
    out.fromQueueLog.set(source.id, appended);
  }
  return out;
}
