import { promises as fs } from 'node:fs';
import path from 'node:path';
import { keyNames, randomKeyEvents } from '../lib/events';
import { readCounts } from '../lib/peer-output';
import { progress } from '../lib/progress';
import { WORK_DIR } from '../lib/session';
import { median, nowMs, round } from '../lib/stats';
import { driveEvents } from '../nodered/driver';
import { BATCH_PATH, EVENTS_PATH, FINISH_PATH } from '../nodered/flow';
import { ensurePeersInstalled } from '../nodered/install';
import { httpRequest, startNodeRed } from '../nodered/server';
import { countLoop } from './count-1k';

export interface NodeRedResult {
  nodered: {
    version: string;
    /** Events per run of the batch flow, and the events per message it gets. */
    batch_events: number;
    batch_size: number;
    /** One function node counting each batch (an array of keys) into a Map in context; counts written at the end. */
    batch_eps: number;
    /** Events per run of the per-message flow (Node-RED is ~100× slower that way), and per HTTP request. */
    per_message_events: number;
    per_message_request: number;
    /** The split → function → join flow: one message per event, counts in the file context store. */
    per_message_eps: number;
  };
}

const PER_MESSAGE_REQUEST = 1000;
const BATCH = 10_000;
const IN_FLIGHT = 4;

type Variant = 'batch' | 'per_message';

/**
 * The same 1,000-key counting workload through Node-RED 4, end to end over HTTP, in two flows: its
 * best idiomatic one (a batch function node) and per message. Each run ends with the counts
 * written to a file in Node-RED's scratch folder and fsynced (FINISH_FUNCTION), inside the timing;
 * the file is read back and checked against the Map loop's counts.
 */
export async function measureNodeRed(quick: boolean): Promise<NodeRedResult> {
  await ensurePeersInstalled();
  const version = (JSON.parse(await fs.readFile(path.join(WORK_DIR, '..', 'peers', 'node_modules', 'node-red', 'package.json'), 'utf8')) as { version: string }).version;
  await fs.mkdir(WORK_DIR, { recursive: true });
  const userDir = await fs.mkdtemp(path.join(WORK_DIR, 'nodered-'));
  const keys = keyNames(1000);
  const reps = quick ? 2 : 3;
  const n: Record<Variant, number> = { batch: quick ? 2_000_000 : 10_000_000, per_message: quick ? 60_000 : 300_000 };
  const events: Record<Variant, string[]> = { batch: randomKeyEvents(n.batch, keys), per_message: randomKeyEvents(n.per_message, keys) };
  progress(`nodered: starting Node-RED ${version} on loopback`);
  const server = await startNodeRed(userDir);
  // The per-message flow keeps its counts in flow context for the whole run: the file holds every event sent so far.
  const perMessageSent: string[] = [];
  const run = async (variant: Variant, batch: readonly string[]): Promise<void> => {
    await driveEvents(server.port, batch, variant === 'batch' ? BATCH : PER_MESSAGE_REQUEST, IN_FLIGHT, variant === 'batch' ? BATCH_PATH : EVENTS_PATH);
    const file = path.join(userDir, `${variant}-counts.tsv`);
    const res = await httpRequest(server.port, 'POST', FINISH_PATH, JSON.stringify({ variant, file }));
    if (res.status !== 200) throw new Error(`Node-RED answered ${res.status} to finish: ${res.text.slice(0, 200)}`);
    if (variant === 'per_message') for (const k of batch) perMessageSent.push(k);
    const expectedTotal = variant === 'batch' ? batch.length : perMessageSent.length;
    const { total } = JSON.parse(res.text) as { keys: number; total: number };
    if (total !== expectedTotal) throw new Error(`Node-RED (${variant}) counted ${total} events, ${expectedTotal} were sent`);
  };
  try {
    const times: Record<Variant, number[]> = { batch: [], per_message: [] };
    const warm = randomKeyEvents(20_000, keys, 9);
    for (const variant of ['batch', 'per_message'] as const) await run(variant, warm);
    for (let rep = 0; rep < reps; rep++) {
      for (const variant of ['batch', 'per_message'] as const) {
        const t0 = nowMs();
        await run(variant, events[variant]);
        times[variant].push(nowMs() - t0);
      }
      progress(`nodered rep ${rep + 1}/${reps}: batch ${n.batch.toLocaleString('en')} events in ${round(times.batch[rep])} ms, per message ${n.per_message.toLocaleString('en')} in ${round(times.per_message[rep])} ms`);
    }
    // What Node-RED wrote must be the right answer, key by key, or the figure means nothing.
    const wrote = await readCounts(path.join(userDir, 'batch-counts.tsv'));
    const expected = countLoop(events.batch);
    if (wrote.size !== expected.size || [...expected].some(([k, c]) => wrote.get(k) !== c)) throw new Error('Node-RED batch flow wrote counts that differ from the Map loop');
    const perMessage = await readCounts(path.join(userDir, 'per_message-counts.tsv'));
    const expectedPerMessage = countLoop(perMessageSent);
    if ([...expectedPerMessage].some(([k, c]) => perMessage.get(k) !== c)) throw new Error('Node-RED per-message flow wrote counts that differ from the Map loop');
    const eps = (v: Variant): number => round((n[v] / median(times[v])) * 1000);
    return {
      nodered: {
        version,
        batch_events: n.batch,
        batch_size: BATCH,
        batch_eps: eps('batch'),
        per_message_events: n.per_message,
        per_message_request: PER_MESSAGE_REQUEST,
        per_message_eps: eps('per_message'),
      },
    };
  } finally {
    await server.stop();
    await fs.rm(userDir, { recursive: true, force: true });
  }
}
