/**
 * `npm run bench:smoke` — CI's smoke run of the benchmark. Runs `npm run bench -- --quick --json`
 * as a child with an overall deadline and fails only on a crash, a hang or a missing figure; it
 * asserts no goal (speed is judged by people reading bench/RESULTS.md, not by CI on a shared host).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingFigures } from './lib/smoke-check';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEADLINE_MS = Number(process.env.FLOWS_BENCH_SMOKE_DEADLINE_S ?? 600) * 1000;

const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--json'], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let stdout = '';
child.stdout.on('data', (c: Buffer) => void (stdout += c.toString('utf8')));
const timer = setTimeout(() => {
  process.stderr.write(`bench smoke: the quick benchmark did not finish within ${DEADLINE_MS / 1000} s (a hang)\n`);
  child.kill('SIGKILL');
}, DEADLINE_MS);

child.on('exit', (code, signal) => {
  clearTimeout(timer);
  const line = stdout.trim().split('\n').pop() ?? '';
  let report: Record<string, unknown>;
  try {
    report = JSON.parse(line) as Record<string, unknown>;
  } catch {
    process.stderr.write(`bench smoke: no JSON report (exit ${code ?? signal}); stdout ended with: ${line.slice(0, 300)}\n`);
    process.exit(1);
  }
  const missing = missingFigures(report);
  if (missing.length > 0) {
    process.stderr.write(`bench smoke: missing figures: ${missing.join('; ')}\n`);
    process.exit(1);
  }
  process.stderr.write(`bench smoke: every figure present, ${String(report.seconds)} s (goals not asserted)\n`);
  process.exit(0);
});
