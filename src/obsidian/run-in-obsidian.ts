import type { App } from 'obsidian';
import type { Scheduler, VaultStore } from '../core/ports';
import { systemClock } from '../core/ports';
import { FlowSession } from '../core/run/flow-session';
import { ObsVaultStore } from './ObsVaultStore';
import type { FlowsSettings } from './settings';

/** Gives Obsidian's UI a turn between slices of work so the editor never stalls. */
export const windowScheduler: Scheduler = {
  yieldNow: () => new Promise((resolve) => window.setTimeout(resolve, 0)),
  sleep: (ms) => new Promise((resolve) => window.setTimeout(resolve, ms)),
};

/** `guard` (from withGuardedRun) replaces the store and scheduler: the run lock's, with its write guard and heartbeat. */
export function openSession(app: App, settings: FlowsSettings, drawingPath: string, guard?: { store: VaultStore; scheduler: Scheduler }): Promise<FlowSession> {
  return FlowSession.open({
    store: guard?.store ?? new ObsVaultStore(app),
    clock: systemClock,
    scheduler: guard?.scheduler ?? windowScheduler,
    drawingPath,
    flowsFolder: settings.flowsFolder,
    defaultCheckpointIntervalMs: settings.checkpointIntervalMs,
    checkpointEveryEvents: settings.checkpointEveryEvents || undefined,
    retainCheckpoints: settings.retainCheckpoints,
  });
}
