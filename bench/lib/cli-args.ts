export interface BenchArgs {
  /** Shorter runs and fewer repetitions: the whole benchmark in under a minute on 2 cores. */
  quick: boolean;
  json: boolean;
  /** Only these measurements (by name), for working on one figure. */
  only: string[];
}

const USAGE = 'usage: npm run bench -- [--quick] [--json] [--only name,name]';

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { quick: false, json: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--json') args.json = true;
    else if (a === '--only' && argv[i + 1]) args.only = argv[++i].split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--help' || a === '-h') throw new BenchUsage(USAGE);
    else throw new BenchUsage(`unknown option ${a}\n${USAGE}`);
  }
  return args;
}

export class BenchUsage extends Error {}
