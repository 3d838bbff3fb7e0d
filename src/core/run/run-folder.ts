import { parseCheckpointHeader } from '../checkpoint/checkpoint-note';
import { flowPaths, joinPath, legacyFlowsRoot } from '../paths';
import type { VaultStore } from '../ports';

/** Whether `root` holds any note of a run (a checkpoint, a sink or a queue note). */
async function holdsRun(store: VaultStore, root: string): Promise<boolean> {
  for (const sub of ['checkpoints', 'sinks', 'queues']) if ((await store.list(joinPath(root, sub))).some((f) => f.endsWith('.md'))) return true;
  return false;
}

/** The `drawing:` a checkpoint note's frontmatter names. */
function drawingOf(text: string): string | null {
  const m = /^drawing: (.*)$/m.exec(text.slice(0, 4096).replace(/\r/g, ''));
  if (!m) return null;
  try {
    return String(JSON.parse(m[1]));
  } catch {
    return m[1].trim();
  }
}

/**
 * Where a resumed run of `drawingPath` lives. Normally flowPaths' folder; but a 0.1 run of a
 * drawing whose folder has changed since (`flow.excalidraw` had `Flows/flow/`, now
 * `Flows/flow.excalidraw/`) is found in its old folder and goes on there, as long as the new
 * folder holds no run and the old one's checkpoints name this very drawing (`flow.excalidraw.md`
 * still owns `Flows/flow/`). A fresh run always starts in the new folder.
 */
export async function resumeRoot(store: VaultStore, flowsFolder: string, drawingPath: string): Promise<string> {
  const root = flowPaths(flowsFolder, drawingPath).root;
  const legacy = legacyFlowsRoot(flowsFolder, drawingPath);
  if (legacy === root || (await holdsRun(store, root))) return root;
  const notes = (await store.list(joinPath(legacy, 'checkpoints'))).filter((f) => /\/checkpoint-\d+\.md$/.test(f));
  const newest = notes.at(-1);
  if (newest === undefined) return root;
  const text = (await store.read(newest)) ?? '';
  return drawingOf(text) === drawingPath && parseCheckpointHeader(text).kind !== null ? legacy : root;
}
