import type { Diagnostic } from '../diagnostics';
import type { FlowPaths } from '../paths';
import type { Clock, VaultStore } from '../ports';
import { CHECKPOINT_FORMAT, type CheckpointData, type CheckpointInfo } from './checkpoint-data';
import { parseCheckpointNote, renderCheckpointNote } from './checkpoint-note';
import { sha256Hex, utf8Bytes } from './checksum';

const NOTE_NAME = /checkpoint-(\d+)\.md$/;

export type LoadResult = { ok: true; data: CheckpointData; info: CheckpointInfo } | { ok: false; problem: Diagnostic };

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

  /** Writes one checkpoint note atomically; it counts only once the whole note is in place. */
  async write(data: CheckpointData): Promise<CheckpointInfo> {
    const started = this.clock.now();
    const snapshotJson = JSON.stringify(data);
    const checksum = `sha256:${await sha256Hex(snapshotJson)}`;
    const sizeBytes = utf8Bytes(snapshotJson);
    const durationMs = Math.max(0, this.clock.now() - started);
    const path = this.paths.checkpointNote(data.id);
    await this.store.writeAtomic(path, renderCheckpointNote(data, snapshotJson, { sizeBytes, durationMs, checksum }));
    return { id: data.id, path, kind: data.kind, createdAt: data.createdAt, offsets: data.offsets, sizeBytes, durationMs };
  }

  /** Loads and verifies one checkpoint note; every way it can be broken becomes a problem, not a throw. */
  async load(path: string): Promise<LoadResult> {
    const fail = (message: string): LoadResult => ({ ok: false, problem: { severity: 'warning', code: 'bad-checkpoint', file: path, message } });
    const text = await this.store.read(path);
    if (text === null) return fail(`checkpoint note ${path} does not exist`);
    const parsed = parseCheckpointNote(text);
    if (!parsed) return fail(`checkpoint note ${path} has no snapshot block (truncated or edited?)`);
    if (!parsed.checksum) return fail(`checkpoint note ${path} has no checksum in its frontmatter`);
    const actual = `sha256:${await sha256Hex(parsed.snapshotJson)}`;
    if (actual !== parsed.checksum) return fail(`checkpoint note ${path} does not match its checksum (edited by hand or damaged)`);
    let data: CheckpointData;
    try {
      data = JSON.parse(parsed.snapshotJson) as CheckpointData;
    } catch {
      return fail(`checkpoint note ${path} holds a snapshot that is not valid JSON`);
    }
    if (!data || data.format !== CHECKPOINT_FORMAT) return fail(`checkpoint note ${path} is not a ${CHECKPOINT_FORMAT} snapshot`);
    const info: CheckpointInfo = { id: data.id, path, kind: data.kind, createdAt: data.createdAt, offsets: data.offsets, sizeBytes: parsed.sizeBytes ?? utf8Bytes(parsed.snapshotJson), durationMs: parsed.durationMs ?? 0 };
    return { ok: true, data, info };
  }

  /** The newest checkpoint that verifies, and the problems of any newer broken ones skipped on the way. */
  async latestValid(): Promise<{ data: CheckpointData; info: CheckpointInfo } | null> {
    return (await this.latestValidWithProblems()).found;
  }

  async latestValidWithProblems(): Promise<{ found: { data: CheckpointData; info: CheckpointInfo } | null; problems: Diagnostic[] }> {
    const problems: Diagnostic[] = [];
    const ids = await this.ids();
    for (let i = ids.length - 1; i >= 0; i--) {
      const r = await this.load(this.paths.checkpointNote(ids[i]));
      if (r.ok) return { found: { data: r.data, info: r.info }, problems };
      problems.push(r.problem);
    }
    return { found: null, problems };
  }

  async list(): Promise<CheckpointInfo[]> {
    const out: CheckpointInfo[] = [];
    for (const id of await this.ids()) {
      const r = await this.load(this.paths.checkpointNote(id));
      if (r.ok) out.push(r.info);
    }
    return out;
  }
}
