import { PEER_MEASUREMENTS } from './goals';
import { round } from './stats';

export interface PeersSummary {
  engine_eps: number;
  /** The peer variant the engine is least ahead of, e.g. `rxjs.reduce_eps`. */
  best_peer: string;
  best_peer_eps: number;
  /** Over that variant: the engine's runs interleaved with it when its section has them, else count_1k's. */
  engine_over_best_peer: number;
  /** `pending: …` when a peer was not measured in this run: the ratio is then over fewer peers than the goal names. */
  status?: string;
}

/**
 * Every peer section reports each of its variants as `<variant>_eps` (all counting the same events, with
 * their result written and fsynced); the engine must be ahead of the fastest. A section measured
 * interleaved with the engine (RxJS, @most/core) also has `engine_eps`, the engine's runs between its
 * own: its variants are compared with those, so both saw the same load; other sections (Node-RED,
 * out of process) with count_1k's engine. The hand-written loop is the limit, not a peer.
 */
export function summarizePeers(results: Record<string, unknown>): PeersSummary | undefined {
  const engine = (results.count_1k as { engine_eps?: number } | undefined)?.engine_eps;
  let worst: { name: string; eps: number; engine: number; ratio: number } | undefined;
  const missing: string[] = [];
  for (const peer of PEER_MEASUREMENTS) {
    const section = results[peer] as Record<string, unknown> | undefined;
    const own = section?.engine_eps;
    const against = typeof own === 'number' && own > 0 ? own : engine;
    const variants = Object.entries(section ?? {}).filter(([k, v]) => k !== 'engine_eps' && k.endsWith('_eps') && typeof v === 'number' && v > 0) as [string, number][];
    if (variants.length === 0 || typeof against !== 'number' || !(against > 0)) {
      missing.push(peer);
      continue;
    }
    for (const [k, eps] of variants) {
      const ratio = against / eps;
      if (!worst || ratio < worst.ratio) worst = { name: `${peer}.${k}`, eps, engine: against, ratio };
    }
  }
  if (!worst) return undefined;
  const summary: PeersSummary = { engine_eps: worst.engine, best_peer: worst.name, best_peer_eps: worst.eps, engine_over_best_peer: round(worst.ratio) };
  if (missing.length > 0) summary.status = `pending: not measured in this run: ${missing.join(', ')}`;
  return summary;
}
