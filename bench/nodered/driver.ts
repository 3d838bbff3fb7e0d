import http from 'node:http';
import { EVENTS_PATH } from './flow';
import { httpRequest } from './server';

/**
 * Sends `events` to the running flow in batches (one POST of a JSON array per batch), with a few
 * batches in flight so Node-RED is never idle waiting for the client. Resolves when every batch
 * has been answered, i.e. every event has gone through the counting node. The per-message flow
 * answers each batch with one result per event (join); the batch flow with how many it counted.
 */
export async function driveEvents(port: number, events: readonly string[], batchSize: number, inFlight: number, urlPath = EVENTS_PATH): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < events.length) {
        const from = next;
        next = Math.min(events.length, next + batchSize);
        const batch = events.slice(from, next);
        const res = await httpRequest(port, 'POST', urlPath, JSON.stringify(batch), agent);
        if (res.status !== 200) throw new Error(`Node-RED answered ${res.status} to a batch: ${res.text.slice(0, 200)}`);
        const answer = JSON.parse(res.text) as unknown;
        const counted = Array.isArray(answer) ? answer.length : answer;
        if (counted !== batch.length) throw new Error(`Node-RED answered a batch of ${batch.length} with ${Array.isArray(answer) ? `${answer.length} results` : JSON.stringify(answer).slice(0, 80)}`);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  } finally {
    agent.destroy();
  }
}
