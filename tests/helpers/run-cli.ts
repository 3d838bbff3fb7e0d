import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `flows <args>` as a real process, the way `npm run flows --` does. */
export function runFlowsProcess(args: string[], cwd = ROOT): Promise<CliResult> {
  return runProcess(TSX, [path.join(ROOT, 'src/cli/flows.ts'), ...args], cwd);
}

/** Runs `command <args>` in `cwd` (INIT_CWD set as npm sets it) and collects its output. */
export function runProcess(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, INIT_CWD: cwd, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
