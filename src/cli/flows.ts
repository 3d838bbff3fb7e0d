#!/usr/bin/env node
import { runCli } from './main-cli';

// Entry point of `npm run flows -- <command>`; everything testable lives in main-cli.ts.
runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stdoutDrained: () => new Promise<void>((resolve) => (process.stdout.writableNeedDrain ? process.stdout.once('drain', () => resolve()) : resolve())),
  stderr: (t) => process.stderr.write(t),
  cwd: process.env.INIT_CWD ?? process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`flows: unexpected failure: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
