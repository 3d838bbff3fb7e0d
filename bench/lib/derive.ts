import { PEER_MEASUREMENTS } from './goals';
import { round } from './stats';

export interface PeersSummary {
  engine_eps: number;
  /** The fastest peer variant's name, e.g. `rxjs.reduce_eps`. */
  best_peer: string;
  best_peer_eps: number;
  engine_over_best_peer: number;
  /** `pending: …` when a peer was not measured in this run: the ratio is then over fewer peers than the goal names. */
  status?: string;
}

/**
 * Every peer section reports each of its variants as `<variant>_eps` (all counting the same events, with
 * their result written and fsynced); the engine must be ahead of the fastest. The hand-written loop is
 * the limit, not a peer, and is not in these sections.
 */
export function summarizePeers(results: Record<string, unknown>): PeersSummary | undefined {
  const engine = (results.count_1k as { engine_eps?: number } | undefined)?.engine_eps;
  if (typeof engine !== 'number' || !(engine > 0)) return undefined;
  let best: { name: string; eps: number } | undefined;
  const missing: string[] = [];
  for (const peer of PEER_MEASUREMENTS) {
    const section = results[peer] as Record<string, unknown> | undefined;
    const variants = Object.entries(section ?? {}).filter(([k, v]) => k.endsWith('_eps') && typeof v === 'number' && v > 0) as [string, number][];
    if (variants.length === 0) missing.push(peer);
    for (const [k, eps] of variants) if (!best || eps > best.eps) best = { name: `${peer}.${k}`, eps };
  }
  if (!best) return undefined;
  const summary: PeersSummary = { engine_eps: engine, best_peer: best.name, best_peer_eps: best.eps, engine_over_best_peer: round(engine / best.eps) };
  if (missing.length > 0) summary.status = `pending: not measured in this run: ${missing.join(', ')}`;
  return summary;
}
