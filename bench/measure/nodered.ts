import path from 'node:path';
import { keyNames, randomKeyEvents } from '../lib/events';
import { progress } from '../lib/progress';
import { WORK_DIR } from '../lib/session';
import { median, nowMs, round } from '../lib/stats';
import { driveEvents } from '../nodered/driver';
import { COUNTS_PATH } from '../nodered/flow';
import { ensurePeersInstalled } from '../nodered/install';
import { httpRequest, startNodeRed } from '../nodered/server';
import { promises as fs } from 'node:fs';

export interface NodeRedResult {
  nodered: {
    version: string;
    events: number;
    batch_size: number;
    /** The split → function → join flow: one message per event. */
    per_message_eps: number;
  };
}

const BATCH = 1000;
const IN_FLIGHT = 4;

/** The same 1,000-key counting workload through Node-RED 4 with its file context store, end to end over HTTP. */
export async function measureNodeRed(quick: boolean): Promise<NodeRedResult> {
  await ensurePeersInstalled();
  const version = (JSON.parse(await fs.readFile(path.join(WORK_DIR, '..', 'peers', 'node_modules', 'node-red', 'package.json'), 'utf8')) as { version: string }).version;
  const userDir = await fs.mkdtemp(path.join(WORK_DIR, 'nodered-'));
  const keys = keyNames(1000);
  const n = quick ? 60_000 : 300_000;
  const reps = quick ? 2 : 3;
  const events = randomKeyEvents(n, keys);
  progress(`nodered: starting Node-RED ${version} on loopback`);
  const server = await startNodeRed(userDir);
  try {
    let sent = 0;
    await driveEvents(server.port, randomKeyEvents(20_000, keys, 9), BATCH, IN_FLIGHT);
    sent += 20_000;
    const times: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const t0 = nowMs();
      await driveEvents(server.port, events, BATCH, IN_FLIGHT);
      times.push(nowMs() - t0);
      sent += n;
      progress(`nodered rep ${rep + 1}/${reps}: ${n.toLocaleString('en')} events in ${round(times[rep])} ms`);
    }
    // Node-RED must have counted every event it was sent, or the figure means nothing.
    const res = await httpRequest(server.port, 'GET', COUNTS_PATH);
    const counted = JSON.parse(res.text) as { keys: number; total: number };
    if (counted.total !== sent) throw new Error(`Node-RED counted ${counted.total} events, ${sent} were sent`);
    return { nodered: { version, events: n, batch_size: BATCH, per_message_eps: round((n / median(times)) * 1000) } };
  } finally {
    await server.stop();
    await fs.rm(userDir, { recursive: true, force: true });
  }
}
