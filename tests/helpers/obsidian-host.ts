import type { App as RealApp } from 'obsidian';
import manifest from '../../manifest.json';
import ExcalidrawFlowsPlugin from '../../src/main';
import { App, Vault } from '../obsidian-stub/obsidian';
import { NodeFileBackend } from '../obsidian-stub/node-backend';

/** Loads the real plugin against the stand-in `obsidian`, over a real folder on disk. */
export async function loadPlugin(vaultDir: string, opts: { app?: App } = {}): Promise<{ app: App; plugin: ExcalidrawFlowsPlugin; vault: Vault }> {
  const app = opts.app ?? (await App.open(await Vault.open(new NodeFileBackend(vaultDir))));
  const vault = app.vault;
  const plugin = new ExcalidrawFlowsPlugin(app as unknown as RealApp, manifest);
  // As Obsidian does: load() runs onload() once; wait for its async part (settings).
  const owner = plugin as unknown as { load(): void; loading: Promise<unknown> };
  owner.load();
  await owner.loading;
  return { app, plugin, vault };
}
