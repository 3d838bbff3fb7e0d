import { Notice } from 'obsidian';
import { DrawingChangeWatch } from '../../core/lock/drawing-fingerprint';
import { startGuardedRun } from '../../core/lock/guarded-run';
import { flowPaths } from '../../core/paths';
import type ExcalidrawFlowsPlugin from '../../main';
import { ObsVaultStore } from '../ObsVaultStore';
import { guardOptions, windowScheduler } from '../run-in-obsidian';
import { LockOnDemand } from './lock-on-demand';

/** Names and sizes of a run's checkpoint, queue and sink files: changes whenever any run writes. */
async function runFiles(store: ObsVaultStore, folders: string[]): Promise<string> {
  const parts: string[] = [];
  for (const folder of folders) {
    for (const path of await store.list(folder)) if (!path.endsWith('.tmp')) parts.push(`${path}:${await store.size(path)}`);
  }
  return parts.join('\n');
}

/**
 * The run locks of the open run views, one per drawing. Opening a view takes no lock and writes
 * nothing; each action that writes takes the lock for as long as it runs (see LockOnDemand). So
 * no timer is needed to keep a paused view's lock alive, and nothing is left to clean up when
 * Obsidian quits without calling `onunload`.
 */
export class RunLocks {
  private readonly byDrawing = new Map<string, LockOnDemand>();

  constructor(private readonly plugin: ExcalidrawFlowsPlugin) {}

  /** The lock-on-demand a run view's session writes through (a new one replaces the old). */
  async open(drawingPath: string): Promise<LockOnDemand> {
    const { app, settings } = this.plugin;
    const base = new ObsVaultStore(app);
    // Taken before the drawing is read for the plan, so an edit in between is reported too.
    const watch = await DrawingChangeWatch.start(base, drawingPath);
    const paths = flowPaths(settings.flowsFolder, drawingPath);
    const locks = new LockOnDemand({
      base,
      scheduler: windowScheduler,
      take: () => startGuardedRun({ ...guardOptions(app, settings, drawingPath, 'run view', this.plugin.holder), watch }),
      fingerprint: () => runFiles(base, [paths.checkpoints, paths.queues, paths.sinks]),
      staleMessage: `${drawingPath} was run elsewhere (the command line or another device) since this view last ran it; close and reopen the run view to continue from what is in the vault`,
      onDrawingChanged: (notice) => new Notice(notice),
    });
    this.release(drawingPath);
    this.byDrawing.set(drawingPath, locks);
    return locks;
  }

  /** The view stopped showing the drawing: an action under way still ends and gives the lock back. */
  release(drawingPath: string): void {
    this.byDrawing.get(drawingPath)?.close();
    this.byDrawing.delete(drawingPath);
  }

  /** Resolves once the drawing's run view holds its lock no more (at once when it holds none). */
  idle(drawingPath: string): Promise<void> {
    return this.byDrawing.get(drawingPath)?.idle() ?? Promise.resolve();
  }

  /** The plugin unloads: locks held right now are given back at once. */
  releaseAll(): void {
    for (const locks of this.byDrawing.values()) void locks.abandon();
    this.byDrawing.clear();
  }
}
