/**
 * Runs in a fresh Node process (bundled by bench/measure/onload.ts with `obsidian` pointing at the
 * stand-in): loads the real plugin over a vault folder and reports how long `onload` took.
 * Fresh each time, because Obsidian calls onload once per start, on code it has not run yet.
 */
import '../../tests/obsidian-stub/node-globals';
import type { App as RealApp } from 'obsidian';
import manifest from '../../manifest.json';
import ExcalidrawFlowsPlugin from '../../src/main';
import { App, Vault } from '../../tests/obsidian-stub/obsidian';
import { NodeFileBackend } from '../../tests/obsidian-stub/node-backend';

const vaultDir = process.argv[2];
if (!vaultDir) throw new Error('usage: onload-child <vault folder>');
const vault = await Vault.open(new NodeFileBackend(vaultDir));
const app = await App.open(vault);
const plugin = new ExcalidrawFlowsPlugin(app as unknown as RealApp, manifest);
const t0 = performance.now();
await plugin.onload();
const onloadMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ onload_ms: onloadMs })}\n`);
