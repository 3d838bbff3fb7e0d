import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { runProcess, type CliResult } from '../../helpers/run-cli';
import type { WriteFault } from './write-faults';

const ROOT = path.resolve(__dirname, '..', '..', '..');

let built: Promise<{ cli: string; preload: string; streamEvents: string }> | null = null;

/**
 * `src/cli/flows.ts` bundled once per test file with esbuild (the same code, as `npm run build`
 * bundles the plugin), so each case starts a real process in a fraction of tsx's start-up time.
 */
export function bundles(): Promise<{ cli: string; preload: string; streamEvents: string }> {
  built ??= (async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'flows-cli-'));
    const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' } as const;
    const cli = path.join(out, 'flows.cjs');
    const preload = path.join(out, 'write-faults-preload.cjs');
    await build({ ...common, entryPoints: [path.join(ROOT, 'src/cli/flows.ts')], outfile: cli });
    await build({ ...common, entryPoints: [path.join(__dirname, 'write-faults-preload.ts')], outfile: preload });
    const streamEvents = path.join(out, 'stream-events-note.cjs');
    await build({ ...common, entryPoints: [path.join(__dirname, 'stream-events-note.ts')], outfile: streamEvents });
    return { cli, preload, streamEvents };
  })();
  return built;
}

/** `flows <args>` as a real process in `cwd`, optionally with a simulated disk fault or node flags (a heap cap). */
export async function runFlows(args: string[], cwd: string, fault?: WriteFault, nodeFlags: string[] = []): Promise<CliResult> {
  const { cli, preload } = await bundles();
  return runNode([...nodeFlags, ...(fault ? ['--require', preload] : []), cli, ...args], cwd, fault);
}

/** `node <args>` in `cwd`, collecting its output; a fault is passed to the preload through the environment. */
export function runNode(args: string[], cwd: string, fault?: WriteFault): Promise<CliResult> {
  return runProcess(process.execPath, args, cwd, fault ? { FLOWS_TEST_WRITE_FAULT: `${fault.code}:${fault.match}:${fault.skip ?? 0}` } : {});
}
