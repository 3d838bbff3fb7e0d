import type { App } from 'obsidian';
import type { GuardedRunOptions } from '../core/lock/guarded-run';
import type { Scheduler, VaultStore } from '../core/ports';
import { systemClock } from '../core/ports';
import type { SessionOptions } from '../core/run/flow-session';
import { windowSchedulerOf } from './host-yield';
import { ObsVaultStore } from './ObsVaultStore';
import type { HolderIdentity } from './run/obsidian-holder';
import type { FlowsSettings } from './settings';

/** Gives Obsidian's UI a turn between slices of work so the editor never stalls (host-yield.ts says how). */
export const windowScheduler: Scheduler = windowSchedulerOf(() => window);

/**
 * The one place the user's settings become a session's options, for every way the plugin
 * runs a drawing (the speed setting is the run view's: a one-shot run goes at full speed). `store` and `scheduler` are the run lock's (write guard, heartbeat), or a
 * replay panel's overlay store.
 */
export function sessionOptions(settings: FlowsSettings, drawingPath: string, store: VaultStore, scheduler: Scheduler): SessionOptions {
  return {
    store,
    clock: systemClock,
    scheduler,
    drawingPath,
    flowsFolder: settings.flowsFolder,
    defaultCheckpointIntervalMs: settings.checkpointIntervalMs,
    checkpointEveryEvents: settings.checkpointEveryEvents || undefined,
    retainCheckpoints: settings.retainCheckpoints,
    sinkMode: settings.changelogSinks ? 'changelog' : 'upsert',
    hiddenData: settings.hiddenData,
  };
}

/** What the run lock needs to hold a drawing for the plugin; `part` says which part of it runs. */
export function guardOptions(app: App, settings: FlowsSettings, drawingPath: string, part: string, identity: HolderIdentity): GuardedRunOptions {
  return {
    store: new ObsVaultStore(app),
    clock: systemClock,
    scheduler: windowScheduler,
    drawingPath,
    flowsFolder: settings.flowsFolder,
    holder: identity.holder(part),
    holderIsGone: (h) => identity.isGone(h),
  };
}
