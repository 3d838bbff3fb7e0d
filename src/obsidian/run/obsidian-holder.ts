/**
 * Who holds a run lock, as the plugin writes it: `Obsidian (device d, session s)`. The device
 * id lives in this device's localStorage; the session id is new at every plugin load. A lock
 * naming this device but another session was left by an Obsidian that quit or crashed without
 * `onunload` (Obsidian does not call it when the app closes), so it is taken over at once
 * instead of after the stale limit. Another device's lock is judged by its heartbeat only.
 */
const DEVICE_KEY = 'excalidraw-flows-device-id';

const randomId = (): string => Math.random().toString(36).slice(2, 10);

function deviceId(): string {
  try {
    const stored = window.localStorage.getItem(DEVICE_KEY);
    if (stored) return stored;
    const id = randomId();
    window.localStorage.setItem(DEVICE_KEY, id);
    return id;
  } catch {
    // No storage (a locked-down webview): every load looks like another device, which is safe.
    return randomId();
  }
}

export interface HolderIdentity {
  /** `Obsidian (device …, session …)`, plus what part of the plugin runs. */
  holder(part: string): string;
  /** True for a lock left by this device's Obsidian in an earlier session. */
  isGone(holder: string): boolean;
}

export function obsidianHolder(): HolderIdentity {
  const device = deviceId();
  const session = randomId();
  return {
    holder: (part) => `Obsidian ${part} (device ${device}, session ${session})`,
    isGone: (holder) => {
      const m = /^Obsidian\b.*\(device (\w+), session (\w+)\)/.exec(holder);
      return m !== null && m[1] === device && m[2] !== session;
    },
  };
}
