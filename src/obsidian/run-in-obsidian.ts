import type { App } from 'obsidian';
import type { Scheduler } from '../core/ports';
import { systemClock } from '../core/ports';
import { FlowSession } from '../core/run/flow-session';
import { ObsVaultStore } from './ObsVaultStore';
import type { FlowsSettings } from './settings';

/** Gives Obsidian's UI a turn between slices of work so the editor never stalls. */
export const windowScheduler: Scheduler = {
  yieldNow: () => new Promise((resolve) => window.setTimeout(resolve, 0)),
  sleep: (ms) => new Promise((resolve) => window.setTimeout(resolve, ms)),
};

export function openSession(app: App, settings: FlowsSettings, drawingPath: string): Promise<FlowSession> {
  return FlowSession.open({
    store: new ObsVaultStore(app),
    clock: systemClock,
    scheduler: windowScheduler,
    drawingPath,
    flowsFolder: settings.flowsFolder,
    defaultCheckpointIntervalMs: settings.checkpointIntervalMs,
    checkpointEveryEvents: settings.checkpointEveryEvents || undefined,
    retainCheckpoints: settings.retainCheckpoints,
  });
}
