import { joinPath, type FlowPaths } from '../paths';
import type { Clock, FileText } from '../ports';
import { TimeSlices } from '../time-slices';
import { ByteWriter } from './byte-writer';
import { CHECKPOINT_FORMAT, type CheckpointHead } from './checkpoint-data';
import { renderCheckpointNote } from './checkpoint-note';
import { bytesPerPart, combinedChecksum, CompressedParts, renderDataFile, warmUpCompressor } from './data-file';
import { encodeCheckpoint, type StatePart } from './state-codec';
import { PreviewCollector, type ChangeLog, type StatePreview } from './state-preview';

/** What the checkpointer knows of a processor before its keys are walked (the store adds the rows). */
export type PreviewCounts = Pick<StatePreview, 'id' | 'totalKeys' | 'changedKeys'> & {
  /** The keys changed since the previous checkpoint and their values then (for the most-changed keys); none on a first checkpoint. */
  changes?: ChangeLog;
  /** The part's keys are `changes.keys`, in order (a delta): the most-changed keys come from the encoder's own walk. */
  keysAreChanges?: boolean;
};

export interface WriteRequest {
  head: CheckpointHead;
  parts: StatePart[];
  previews: PreviewCounts[];
  /** Clock time the checkpoint started (the note records how long it took). */
  startedAt: number;
  yieldNow: () => Promise<void>;
  /** How many keys the parts hold in all, when known: a small checkpoint skips the compressor's warm-up. */
  entries?: number;
}

/**
 * From this many keys a checkpoint warms the compressor first. Below it the state is a few tens
 * of kilobytes, compressed cold in a few milliseconds (well within a frame), and the warm-up's
 * ~20 ms would be most of a short command-line run (the seed's three keys).
 */
const WARM_UP_FROM_ENTRIES = 5000;

export interface BuiltCheckpoint {
  /** The data files, then the note: the order they must be published in. */
  files: FileText[];
  /** The data files' bytes. */
  sizeBytes: number;
  durationMs: number;
  checksum: string;
}

/**
 * Builds one checkpoint's files: the state encoded, compressed and hashed in slices bounded by
 * time, split into data files no bigger than `maxFileBytes`, and the note that lists them with a
 * preview of each processor's state. Its duration runs from `startedAt` (sink flush included)
 * to the moment the files are ready to hand to the vault (their writing, a few fsyncs, is not in it).
 */
export async function buildCheckpointFiles(req: WriteRequest, opts: { paths: FlowPaths; maxFileBytes: number; clock: Clock }): Promise<BuiltCheckpoint> {
  const { head } = req;
  const { paths, clock } = opts;
  if ((req.entries ?? Number.POSITIVE_INFINITY) >= WARM_UP_FROM_ENTRIES) await warmUpCompressor(req.yieldNow);
  const slices = new TimeSlices(() => clock.now(), req.yieldNow);
  const compressed = new CompressedParts(bytesPerPart(opts.maxFileBytes));
  const writer = new ByteWriter((chunk) => compressed.push(chunk));
  const collectors = new Map<string, PreviewCollector>();
  const changesOf = new Map(req.previews.map((p) => [p.id, p]));
  const parts = req.parts.map((p): StatePart => {
    const c = new PreviewCollector();
    collectors.set(p.id, c);
    const log = changesOf.get(p.id);
    const fused = log?.keysAreChanges ? log.changes : undefined;
    if (fused && fused.keys.length === 0) c.noChanges();
    let i = 0;
    return {
      id: p.id,
      keys: p.keys,
      valueOf: (k) => {
        const v = p.valueOf(k);
        c.add(k, v ?? Number.NaN);
        // The encoder walks a delta's keys in change-log order: the value then is at the same index.
        if (fused && fused.keys[i] === k) c.change(k, v, fused.from[i]);
        i++;
        return v;
      },
    };
  });
  await encodeCheckpoint({ ...head, format: CHECKPOINT_FORMAT }, parts, writer, slices);
  writer.flush();
  // A full checkpoint walked every key, not the change log: the most-changed keys take a pass over the log (a lookup per changed key).
  for (const p of req.parts) {
    const log = changesOf.get(p.id);
    if (!log?.changes || log.keysAreChanges) continue;
    const c = collectors.get(p.id)!;
    const { keys, from } = log.changes;
    c.noChanges();
    for (let k = 0; k < keys.length; k++) {
      c.change(keys[k], p.valueOf(keys[k]), from[k]);
      if (slices.due()) await slices.pause();
    }
  }
  const data = await compressed.finish();
  const notePath = paths.checkpointNote(head.id);
  const noteFolder = notePath.slice(0, notePath.lastIndexOf('/'));
  const noteLink = notePath.split('/').pop()!.replace(/\.md$/, '');
  const dataFiles: string[] = [];
  const files: FileText[] = [];
  let sizeBytes = 0;
  for (let i = 0; i < data.length; i++) {
    const path = paths.checkpointDataFile(head.id, i + 1);
    const file = await renderDataFile({ checkpoint: head.id, part: i + 1, parts: data.length, note: `[[${noteLink}]]` }, data[i], slices);
    files.push({ path, text: file.text });
    sizeBytes += file.bytes;
    await slices.pause();
    dataFiles.push(path.slice(noteFolder.length + 1));
  }
  const checksum = await combinedChecksum(data.map((d) => d.sha256));
  const previews: StatePreview[] = req.previews.map((p) => {
    const c = collectors.get(p.id) ?? new PreviewCollector();
    return { id: p.id, totalKeys: p.totalKeys, changedKeys: p.changedKeys, first: c.first, largest: c.largest, mostChanged: c.mostChanged, written: c.written };
  });
  const durationMs = Math.max(0, clock.now() - req.startedAt);
  const hidden = paths.checkpointData !== paths.checkpoints;
  const dataLink = (f: string): string => (hidden ? `\`${joinPath(noteFolder, f)}\`` : `[[${f.replace(/\.md$/, '')}]]`);
  // The note last: it is what makes the data files count, so it never appears without them.
  files.push({ path: notePath, text: renderCheckpointNote({ ...head, format: CHECKPOINT_FORMAT }, { sizeBytes, durationMs, checksum, dataFiles, dataLink }, previews) });
  return { files, sizeBytes, durationMs, checksum };
}
