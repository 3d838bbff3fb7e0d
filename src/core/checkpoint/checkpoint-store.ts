import type { Diagnostic } from '../diagnostics';
import type { FlowPaths } from '../paths';
import type { Clock, VaultStore } from '../ports';
import { CHECKPOINT_FORMAT, type CheckpointData, type CheckpointHead, type CheckpointInfo, type CheckpointKind } from './checkpoint-data';
import { parseCheckpointHeader, parseCheckpointNote, renderCheckpointNote, type StatePreview } from './checkpoint-note';
import { sha256Hex, sha256HexOfBytes, utf8Bytes } from './checksum';
import { buildSnapshotJson, readSnapshotNumbers, type StatePart } from './snapshot-json';

const NOTE_NAME = /checkpoint-(\d+)\.md$/;
/** Longest base + deltas chain followed on restore: guards against a hand-made parent loop. */
const MAX_CHAIN = 10_000;

export type LoadResult = { ok: true; data: CheckpointData; info: CheckpointInfo } | { ok: false; problem: Diagnostic };
/** A checkpoint ready to restore: its full base first, then each delta in order, the checkpoint itself last. */
export type ChainResult = { ok: true; chain: CheckpointData[]; info: CheckpointInfo } | { ok: false; problem: Diagnostic };
export type ListedCheckpoint = CheckpointInfo & { valid: boolean; problem?: string };

export interface WriteRequest {
  head: CheckpointHead;
  parts: StatePart[];
  previews: StatePreview[];
  /** Clock time the checkpoint started (the note records how long it took). */
  startedAt: number;
  yieldNow: () => Promise<void>;
}

/** Reads and writes a drawing's checkpoint notes through the host's VaultStore. */
export class CheckpointStore {
  constructor(
    private readonly store: VaultStore,
    private readonly paths: FlowPaths,
    private readonly clock: Clock,
  ) {}

  /** Ids of the checkpoint notes present, ascending (valid or not). */
  async ids(): Promise<number[]> {
    const files = await this.store.list(this.paths.checkpoints);
    return files
      .map((f) => NOTE_NAME.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  async nextId(): Promise<number> {
    const ids = await this.ids();
    return (ids.at(-1) ?? 0) + 1;
  }

  /**
   * Writes one checkpoint note atomically (serialised in slices); it counts only once the
   * whole note is in place. Its size is the snapshot's bytes; its duration runs from
   * `startedAt` (sink flush included) to just before the note is published.
   */
  async write(req: WriteRequest): Promise<CheckpointInfo> {
    const { head } = req;
    const snapshotJson = await buildSnapshotJson(head, req.parts, req.yieldNow);
    const bytes = new TextEncoder().encode(snapshotJson);
    const checksum = `sha256:${await sha256HexOfBytes(bytes)}`;
    const sizeBytes = bytes.length;
    const durationMs = Math.max(0, this.clock.now() - req.startedAt);
    const path = this.paths.checkpointNote(head.id);
    await this.store.writeAtomic(path, renderCheckpointNote(head, snapshotJson, { sizeBytes, durationMs, checksum }, req.previews));
    return { ...infoOf(head, path), sizeBytes, durationMs, checksum };
  }

  async remove(id: number): Promise<void> {
    await this.store.remove(this.paths.checkpointNote(id));
  }

  /** Loads and verifies one checkpoint note; every way it can be broken becomes a problem, not a throw. */
  async load(path: string): Promise<LoadResult> {
    const text = await this.store.read(path);
    if (text === null) return fail(path, `checkpoint note ${path} does not exist`);
    const parsed = parseCheckpointNote(text);
    if (!parsed) return fail(path, `checkpoint note ${path} has no snapshot block (truncated or edited?)`);
    if (!parsed.checksum) return fail(path, `checkpoint note ${path} has no checksum in its frontmatter`);
    const actual = `sha256:${await sha256Hex(parsed.snapshotJson)}`;
    if (actual !== parsed.checksum) return fail(path, `checkpoint note ${path} does not match its checksum (edited by hand or damaged)`);
    let data: CheckpointData;
    try {
      data = JSON.parse(parsed.snapshotJson) as CheckpointData;
      // Tables keyed by element ids become null-prototype: an id such as `constructor` missing from `state` must read as undefined, not Object.
      for (const table of ['offsets', 'sinks', 'state', 'nodes', 'seeds'] as const) {
        const t: unknown = data?.[table];
        if (t && typeof t === 'object' && !Array.isArray(t)) (data as unknown as Record<string, unknown>)[table] = Object.assign(Object.create(null) as object, t);
      }
    } catch {
      return fail(path, `checkpoint note ${path} holds a snapshot that is not valid JSON`);
    }
    if (!data || data.format !== CHECKPOINT_FORMAT || typeof data.state !== 'object' || typeof data.offsets !== 'object') {
      return fail(path, `checkpoint note ${path} is not a ${CHECKPOINT_FORMAT} snapshot`);
    }
    readSnapshotNumbers(data.state);
    const named = NOTE_NAME.exec(path);
    if (named && Number(named[1]) !== data.id) return fail(path, `checkpoint note ${path} holds the snapshot of checkpoint ${data.id} (copied or renamed?)`);
    const info: CheckpointInfo = { ...infoOf(data, path), sizeBytes: parsed.sizeBytes ?? utf8Bytes(parsed.snapshotJson), durationMs: parsed.durationMs ?? 0, checksum: actual };
    return { ok: true, data, info };
  }

  /**
   * Loads a checkpoint and, for an incremental one, every delta back to its full base, each
   * verified and each parent checked against the checksum its child recorded.
   */
  async loadChain(path: string, cache = new Map<string, LoadResult>()): Promise<ChainResult> {
    const loadCached = async (p: string): Promise<LoadResult> => {
      let r = cache.get(p);
      if (!r) cache.set(p, (r = await this.load(p)));
      return r;
    };
    const top = await loadCached(path);
    if (!top.ok) return top;
    const chain = [top.data];
    let child = top.data;
    while (child.kind === 'incremental') {
      if (chain.length > MAX_CHAIN || typeof child.parent !== 'number') return fail(path, `checkpoint note ${path} has a broken chain of deltas`);
      const parentPath = this.paths.checkpointNote(child.parent);
      const parent = await loadCached(parentPath);
      const why = !parent.ok ? parent.problem.message : parent.info.checksum !== child.parentChecksum ? `checkpoint ${child.parent} was replaced since` : parent.data.kind === 'manual' ? `checkpoint ${child.parent} is a manual one` : null;
      if (why !== null || !parent.ok) return fail(path, `checkpoint note ${path} is a delta that needs checkpoint ${child.parent}: ${why}`);
      chain.unshift(parent.data);
      child = parent.data;
    }
    return { ok: true, chain, info: top.info };
  }

  /**
   * The newest checkpoint whose whole chain verifies and that `accept` takes (it returns a
   * reason to refuse, or null), and the problems of any newer ones skipped on the way.
   */
  async latestValidWithProblems(accept: (data: CheckpointData) => string | null = () => null): Promise<{ found: { chain: CheckpointData[]; info: CheckpointInfo } | null; problems: Diagnostic[] }> {
    const problems: Diagnostic[] = [];
    const cache = new Map<string, LoadResult>();
    const ids = await this.ids();
    for (let i = ids.length - 1; i >= 0; i--) {
      const path = this.paths.checkpointNote(ids[i]);
      const r = await this.loadChain(path, cache);
      if (!r.ok) {
        problems.push(r.problem);
        continue;
      }
      const refused = accept(r.chain.at(-1)!);
      if (refused === null) return { found: { chain: r.chain, info: r.info }, problems };
      problems.push(fail(path, refused).problem);
    }
    return { found: null, problems };
  }

  /** Every checkpoint note, oldest first, with whether it can be restored and why not. */
  async list(): Promise<ListedCheckpoint[]> {
    const out: ListedCheckpoint[] = [];
    const cache = new Map<string, LoadResult>();
    for (const id of await this.ids()) {
      const path = this.paths.checkpointNote(id);
      const r = await this.loadChain(path, cache);
      if (r.ok) {
        out.push({ ...r.info, valid: true });
        continue;
      }
      const text = await this.store.read(path);
      const header = text ? parseCheckpointHeader(text) : { kind: null, parent: null };
      out.push({ id, path, kind: header.kind ?? 'full', createdAt: '', offsets: {}, sizeBytes: text ? utf8Bytes(text) : 0, durationMs: 0, valid: false, problem: r.problem.message });
    }
    return out;
  }

  /** Kind and parent of every checkpoint note, from frontmatter only (what retention needs). */
  async headers(): Promise<{ id: number; kind: CheckpointKind | null; parent: number | null }[]> {
    const out = [];
    for (const id of await this.ids()) {
      const text = await this.store.read(this.paths.checkpointNote(id));
      out.push({ id, ...(text ? parseCheckpointHeader(text) : { kind: null, parent: null }) });
    }
    return out;
  }
}

function infoOf(head: CheckpointHead, path: string): Omit<CheckpointInfo, 'sizeBytes' | 'durationMs'> {
  return { id: head.id, path, kind: head.kind, createdAt: head.createdAt, offsets: head.offsets, parent: head.parent, base: head.base, run: head.run };
}

function fail(path: string, message: string): { ok: false; problem: Diagnostic } {
  return { ok: false, problem: { severity: 'warning', code: 'bad-checkpoint', file: path, message } };
}
