import type { App as RealApp } from 'obsidian';
import manifest from '../../manifest.json';
import ExcalidrawFlowsPlugin from '../../src/main';
import { BrowserFileBackend } from '../obsidian-stub/browser-backend';
import { App, Vault } from '../obsidian-stub/obsidian';

export const SEED_FIXTURE = 'tests/fixtures/seed/checkpointing.excalidraw.md';
export const SEED = 'checkpointing.excalidraw.md';

/** The real plugin, loaded in Chromium against the stand-in over a fresh temporary vault. */
export async function loadPluginInBrowser(files: Record<string, string> = { [SEED]: SEED_FIXTURE }, texts: Record<string, string> = {}): Promise<{ app: App; plugin: ExcalidrawFlowsPlugin; vault: Vault; backend: BrowserFileBackend }> {
  const backend = await BrowserFileBackend.temporary();
  for (const [to, from] of Object.entries(files)) await backend.copyIn(from, to);
  // Files made by the test itself (variants of a fixture).
  for (const [to, text] of Object.entries(texts)) await backend.write(to, text);
  const vault = await Vault.open(backend);
  const app = await App.open(vault);
  const plugin = new ExcalidrawFlowsPlugin(app as unknown as RealApp, manifest);
  // As Obsidian does: load() runs onload() once; wait for its async part (settings).
  const owner = plugin as unknown as { load(): void; loading: Promise<unknown> };
  owner.load();
  await owner.loading;
  return { app, plugin, vault, backend };
}

/** Puts the workspace's sidebar leaves on the page, so they can be seen, clicked and photographed. */
export function attachLeaves(app: App): HTMLElement {
  const sidebar = document.body.createDiv({ cls: 'mod-right-split' });
  // Leaves without an element are fakes standing for other plugins' views (an open drawing).
  for (const leaf of app.workspace.leaves) if (leaf.containerEl) sidebar.appendChild(leaf.containerEl);
  return sidebar;
}

export function byAction(root: HTMLElement, action: string): HTMLButtonElement {
  const b = root.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
  if (!b) throw new Error(`no control ${action}`);
  return b;
}

/** The state table of a processor as `{ key: value }`, read from the page. */
export function stateShown(root: HTMLElement, processor: string): Record<string, string> {
  const out: Record<string, string> = {};
  const block = [...root.querySelectorAll<HTMLElement>('.flows-processor')].find((b) => b.dataset.processor === processor);
  for (const tr of block?.querySelectorAll('tbody tr') ?? []) out[tr.children[0].textContent ?? ''] = tr.children[1].textContent ?? '';
  return out;
}
