import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { systemClock } from '../../src/core/ports';
import { FlowSession } from '../../src/core/run/flow-session';
import { FIXTURES, SEED, instantScheduler, listFiles, tempVault } from '../helpers/temp-vault';
import { runFlows } from './support/run-flows';

/**
 * Every file in tests/fixtures/bad/ is one way bad input reaches us. EXPECTED.json says, for
 * each, what `flows` must answer as a real process: exit code, the exact stderr line, the parts
 * of the JSON report that matter, and every file left in the vault afterwards.
 */
const BAD = path.join(FIXTURES, 'bad');
const SEED_NAME = 'checkpointing.excalidraw.md';

interface Run {
  args: string[];
  exit: number;
  /** The exact line on stderr, without its newline; "" for none. */
  stderr: string;
  /** Fields of the `--json` report that must be exactly these. */
  json?: Record<string, unknown>;
}
interface Case {
  what: string;
  /** drawing: the file is the drawing; checkpoint: a checkpoint note of the seed (at `at`); events: an `--events` file next to the seed. */
  setup: 'drawing' | 'checkpoint' | 'events';
  at?: string;
  runs: Run[];
  files: string[];
}

const table = JSON.parse(readFileSync(path.join(BAD, 'EXPECTED.json'), 'utf8')) as Record<string, Case>;

async function prepare(file: string, c: Case): Promise<string> {
  if (c.setup === 'drawing') return tempVault({ [file]: path.join(BAD, file) });
  const dir = await tempVault({ [SEED_NAME]: SEED, ...(c.setup === 'events' ? { [file]: path.join(BAD, file) } : {}) });
  if (c.setup === 'checkpoint') {
    // A good first run (checkpoint 1), then the damaged note lands next to it.
    const session = await FlowSession.open({ store: new NodeVaultStore(dir), clock: systemClock, scheduler: instantScheduler, drawingPath: SEED_NAME });
    await session.runUntilDrained();
    await fs.copyFile(path.join(BAD, file), path.join(dir, c.at ?? 'Flows/checkpointing/checkpoints/checkpoint-0002.md'));
  }
  return dir;
}

describe('the bad-input corpus, through the command line as a real process', () => {
  it('has an expectation for every file in tests/fixtures/bad', () => {
    const files = readdirSync(BAD).filter((f) => f !== 'EXPECTED.json' && f !== 'generate.ts').sort();
    expect(Object.keys(table).sort()).toEqual(files);
  });

  for (const [file, c] of Object.entries(table)) {
    it(`${file}: ${c.what}`, async () => {
      const dir = await prepare(file, c);
      for (const run of c.runs) {
        const r = await runFlows(run.args.map((a) => a.replace('{file}', file)), dir);
        expect({ args: run.args, exit: r.code, stderr: r.stderr }).toEqual({ args: run.args, exit: run.exit, stderr: run.stderr ? `${run.stderr}\n` : '' });
        if (run.json) {
          const report = JSON.parse(r.stdout) as Record<string, unknown>;
          expect(Object.fromEntries(Object.keys(run.json).map((k) => [k, report[k]]))).toEqual(run.json);
        }
        if (run.exit !== 0) expect(r.stdout).toBe('');
      }
      expect(await listFiles(dir)).toEqual(c.files);
    });
  }
});
