import type { Diagnostic } from '../diagnostics';
import { joinPath, type FlowPaths } from '../paths';
import { publishInOrder, type Clock, type VaultStore } from '../ports';
import { TimeSlices } from '../time-slices';
import { CHECKPOINT_FORMAT, CHECKPOINT_FORMAT_V1, type CheckpointData, type CheckpointHead, type CheckpointInfo, type CheckpointKind } from './checkpoint-data';
import { parseCheckpointHeader, parseCheckpointNote, restoredFromOf } from './checkpoint-note';
import { sha256Hex, utf8Bytes } from './checksum';
import { combinedChecksum, DEFAULT_MAX_FILE_BYTES, inflateParts, parseDataFile } from './data-file';
import { leftBehindBy, type LeftBehind, type RestoredFrom } from './left-behind';
import { readSnapshotNumbers } from './snapshot-v1';
import { decodeCheckpoint } from './state-codec';

const NOTE_NAME = /checkpoint-(\d+)\.md$/;
/** Longest base + deltas chain followed on restore: guards against a hand-made parent loop. */
const MAX_CHAIN = 10_000;

export type LoadResult = { ok: true; data: CheckpointData; info: CheckpointInfo } | { ok: false; problem: Diagnostic };
/** A checkpoint ready to restore: its full base first, then each delta in order, the checkpoint itself last. */
export type ChainResult = { ok: true; chain: CheckpointData[]; info: CheckpointInfo } | { ok: false; problem: Diagnostic };
export type ListedCheckpoint = CheckpointInfo & {
  valid: boolean;
  problem?: string;
  /** Intact, but a later restore went back past it (checkpoint `copy`, restored from `restoredFrom`): its output after that was cut, so it is refused. */
  leftBehind?: LeftBehind;
};

import { buildCheckpointFiles, type WriteRequest } from './checkpoint-files';

export type { PreviewCounts, WriteRequest } from './checkpoint-files';

export interface CheckpointStoreOptions {
  /** Largest data file written, in bytes (the state is split over as many as needed). */
  maxFileBytes?: number;
  /** Gives the host a turn while a big checkpoint is read (writes use the request's). */
  yieldNow?: () => Promise<void>;
}

const DATA_FILE_NAME = /\/checkpoint-(\d+)\.data(?:-\d+)?\.md$/;
/** Whether `path` (with a leading `/`) names a data file of checkpoint `id` (a literal expression: lint checks it). */
const isDataOf = (path: string, id: number): boolean => Number(DATA_FILE_NAME.exec(path)?.[1] ?? Number.NaN) === id;

/** Reads and writes a drawing's checkpoints (a note for people, data files for the engine) through the host's VaultStore. */
export class CheckpointStore {
  private readonly maxFileBytes: number;
  private readonly yieldNow: () => Promise<void>;

  constructor(
    private readonly store: VaultStore,
    private readonly paths: FlowPaths,
    private readonly clock: Clock,
    opts: CheckpointStoreOptions = {},
  ) {
    this.maxFileBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.yieldNow = opts.yieldNow ?? (() => Promise.resolve());
  }

  private slices(yieldNow: () => Promise<void>): TimeSlices {
    return new TimeSlices(() => this.clock.now(), yieldNow);
  }

  /** Ids of the checkpoint notes present, ascending (valid or not). */
  async ids(): Promise<number[]> {
    const files = await this.store.list(this.paths.checkpoints);
    return files
      .map((f) => NOTE_NAME.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  }

  /**
   * The restore that left checkpoint `id` behind, or null (left-behind.ts). Copies written before
   * the frontmatter said `restored_from` are not seen (their sink notes still refuse, as before).
   */
  async leftBehindBy(id: number): Promise<LeftBehind | null> {
    return leftBehindBy(id, await this.restoredFroms());
  }

  /** Every checkpoint note's id and `restored_from`, ascending. */
  private async restoredFroms(): Promise<RestoredFrom[]> {
    const out: RestoredFrom[] = [];
    for (const id of await this.ids()) {
      const text = await this.store.read(this.paths.checkpointNote(id));
      out.push({ id, restoredFrom: text === null ? null : restoredFromOf(text) });
    }
    return out;
  }

  async nextId(): Promise<number> {
    const ids = await this.ids();
    return (ids.at(-1) ?? 0) + 1;
  }

  /**
   * Writes one checkpoint (checkpoint-files.ts builds its files in slices bounded by time): its
   * data files first, then the note, which is what makes it count.
   */
  async write(req: WriteRequest): Promise<CheckpointInfo> {
    const { head } = req;
    const built = await buildCheckpointFiles(req, { paths: this.paths, maxFileBytes: this.maxFileBytes, clock: this.clock });
    // Data files of this id with no note (a kill between the two) count for nothing: gone first.
    await this.removeData(head.id);
    try {
      await publishInOrder(this.store, built.files);
    } catch (err) {
      // A file the disk refused: the data files already published count for nothing without their note.
      await this.removeData(head.id).catch(() => undefined);
      throw err;
    }
    return { ...infoOf(head, this.paths.checkpointNote(head.id)), sizeBytes: built.sizeBytes, durationMs: built.durationMs, checksum: built.checksum };
  }

  /** Removes a checkpoint: its note first (so it stops counting), then its data files. */
  async remove(id: number): Promise<void> {
    const notePath = this.paths.checkpointNote(id);
    const listed = await this.listedData(notePath, id);
    await this.store.remove(notePath);
    for (const f of listed) await this.store.remove(f);
    await this.removeData(id);
  }

  /**
   * The data files a note lists, wherever they are: a run resumed after the hidden-data setting
   * changed prunes checkpoints whose data is in the other folder. Only names of this checkpoint's
   * data files, beside the note or in its `.data` folder, are taken (a hand-edited list never
   * points a removal anywhere else).
   */
  private async listedData(notePath: string, id: number): Promise<string[]> {
    const text = await this.store.read(notePath);
    const parsed = text === null ? null : parseCheckpointNote(text);
    if (parsed?.version !== 2) return [];
    const folder = notePath.slice(0, notePath.lastIndexOf('/'));
    const allowed = new Set([folder, joinPath(folder, '.data')]);
    return parsed.dataFiles.map((rel) => joinPath(folder, rel)).filter((f) => allowed.has(f.slice(0, f.lastIndexOf('/'))) && isDataOf(`/${f}`, id));
  }

  /** Data files of checkpoint `id` (none count without their note: a kill between the two left them). */
  private async removeData(id: number): Promise<void> {
    for (const f of await this.store.list(this.paths.checkpointData)) if (isDataOf(`/${f}`, id)) await this.store.remove(f);
  }

  /** Loads and verifies one checkpoint (note and data files); every way it can be broken becomes a problem, not a throw. */
  async load(path: string): Promise<LoadResult> {
    const text = await this.store.read(path);
    if (text === null) return fail(path, `checkpoint note ${path} does not exist`);
    const parsed = parseCheckpointNote(text);
    if (!parsed) return fail(path, `checkpoint note ${path} has no data files and no snapshot block (truncated or edited?)`);
    if (!parsed.checksum) return fail(path, `checkpoint note ${path} has no checksum in its frontmatter`);
    let data: CheckpointData;
    let actual: string;
    let sizeBytes: number;
    if (parsed.version === 1) {
      actual = `sha256:${await sha256Hex(parsed.snapshotJson)}`;
      if (actual !== parsed.checksum) return fail(path, `checkpoint note ${path} does not match its checksum (edited by hand or damaged)`);
      try {
        data = JSON.parse(parsed.snapshotJson) as CheckpointData;
        if (data && typeof data.state === 'object' && data.state !== null) readSnapshotNumbers(data.state);
      } catch {
        return fail(path, `checkpoint note ${path} holds a snapshot that is not valid JSON`);
      }
      sizeBytes = parsed.sizeBytes ?? utf8Bytes(parsed.snapshotJson);
    } else {
      const folder = path.slice(0, path.lastIndexOf('/') + 1);
      const parts: Uint8Array[] = [];
      const digests: string[] = [];
      for (const rel of parsed.dataFiles) {
        const file = joinPath(folder, rel);
        const body = await this.store.read(file);
        if (body === null) return fail(path, `checkpoint note ${path} needs its data file ${file}, which does not exist`);
        const part = await parseDataFile(body);
        if (!part.ok) return fail(path, `checkpoint note ${path}: its data file ${file} ${part.why}`);
        parts.push(part.bytes);
        digests.push(part.sha256);
      }
      actual = await combinedChecksum(digests);
      if (actual !== parsed.checksum) return fail(path, `checkpoint note ${path} does not match its checksum (its data files were replaced or edited)`);
      const slices = this.slices(this.yieldNow);
      try {
        data = await decodeCheckpoint(await inflateParts(parts, slices), slices);
      } catch (err) {
        // The host's turn failing (the run lost its lock) is not the data's fault: it stops the run as it is.
        if (slices.threw(err)) throw err;
        return fail(path, `checkpoint note ${path}: its data files do not decode (${err instanceof Error ? err.message : String(err)})`);
      }
      sizeBytes = parsed.sizeBytes ?? 0;
    }
    // Tables keyed by element ids become null-prototype: an id such as `constructor` missing from `state` must read as undefined, not Object.
    for (const table of ['offsets', 'sinks', 'state', 'nodes', 'seeds'] as const) {
      const t: unknown = data?.[table];
      if (t && typeof t === 'object' && !Array.isArray(t)) (data as unknown as Record<string, unknown>)[table] = Object.assign(Object.create(null) as object, t);
    }
    const expected = parsed.version === 1 ? CHECKPOINT_FORMAT_V1 : CHECKPOINT_FORMAT;
    if (!data || data.format !== expected || typeof data.state !== 'object' || typeof data.offsets !== 'object') {
      return fail(path, `checkpoint note ${path} is not a ${expected} snapshot`);
    }
    const named = NOTE_NAME.exec(path);
    if (named && Number(named[1]) !== data.id) return fail(path, `checkpoint note ${path} holds the snapshot of checkpoint ${data.id} (copied or renamed?)`);
    const info: CheckpointInfo = { ...infoOf(data, path), sizeBytes, durationMs: parsed.durationMs ?? 0, checksum: actual };
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
    const notes = await this.restoredFroms();
    for (const c of out) {
      const behind = leftBehindBy(c.id, notes);
      if (behind) c.leftBehind = behind;
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
