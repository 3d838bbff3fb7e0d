import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The largest file the project's code wrote into the bench's scratch vaults (goal: none over 5 MiB).
 * Each vault is scanned when it is removed, and run.ts scans the ones still there at the end, so no
 * measurement has to keep its vault until the report. Drawings at a vault's root are the bench's
 * own input (generated or copied), not something the project wrote, and are left out.
 */
export interface LargestFile {
  bytes: number;
  /** Relative to the bench's work folder, e.g. `count-Ab12/Flows/bench/checkpoints/checkpoint-0003.data.md`. */
  path: string;
  files: number;
}

const isInputDrawing = (rel: string): boolean => !rel.includes(path.sep) && (rel.endsWith('.excalidraw.md') || rel.endsWith('.excalidraw'));

/** Walks `dir` and returns its largest file (0 bytes when empty); a folder removed meanwhile counts as empty. */
export async function largestFileIn(dir: string, label = path.basename(dir)): Promise<LargestFile> {
  const best: LargestFile = { bytes: 0, path: '', files: 0 };
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const child = rel ? path.join(rel, e.name) : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile() && !isInputDrawing(child)) {
        const { size } = await fs.stat(path.join(dir, child));
        best.files++;
        if (size > best.bytes) Object.assign(best, { bytes: size, path: path.join(label, child) });
      }
    }
  };
  await walk('');
  return best;
}

let largest: LargestFile | undefined;
const open = new Set<string>();

export function trackVault(dir: string): void {
  open.add(dir);
}

export function mergeLargest(a: LargestFile | undefined, b: LargestFile): LargestFile {
  if (!a) return b;
  return { ...(b.bytes > a.bytes ? b : a), files: a.files + b.files };
}

/** Scans a vault about to be removed. */
export async function recordVault(dir: string): Promise<void> {
  open.delete(dir);
  largest = mergeLargest(largest, await largestFileIn(dir));
}

/** Takes in the largest file a child process wrote (measurements run apart: stall, scale's own vault is the parent's). */
export function recordLargest(l: LargestFile): void {
  largest = mergeLargest(largest, l);
}

/** The largest file over every vault of this process, including those still on disk; undefined when no vault was made. */
export async function largestWritten(): Promise<LargestFile | undefined> {
  for (const dir of [...open]) await recordVault(dir);
  return largest;
}
