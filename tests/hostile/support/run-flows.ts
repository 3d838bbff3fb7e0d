import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CliResult } from '../../helpers/run-cli';
import type { WriteFault } from './write-faults';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** `flows <args>` as a real process in `cwd`, optionally with a simulated disk fault. */
export function runFlows(args: string[], cwd: string, fault?: WriteFault): Promise<CliResult> {
  const preload = fault ? ['--import', path.join(__dirname, 'write-faults-preload.ts')] : [];
  const env = { ...process.env, INIT_CWD: cwd, ...(fault ? { FLOWS_TEST_WRITE_FAULT: `${fault.code}:${fault.match}:${fault.skip ?? 0}` } : {}) };
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [...preload, path.join(ROOT, 'src/cli/flows.ts'), ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
