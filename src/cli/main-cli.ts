import { FlowInputError } from '../core/diagnostics';
import { CommittedOutputError } from '../core/run/committed-output';
import { EXIT_BAD_INPUT, EXIT_FAILURE, type CliIo } from './cli-io';
import { commands } from './commands/index';
import { joinLines } from '../core/text/scan';

function usage(): string {
  return ['usage: flows <command> [options]', '', ...commands.map((c) => `  ${c.usage}\n      ${c.summary}`)].join('\n') + '\n';
}

/** Dispatches a command and turns every failure into an exit code and one line on stderr. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : EXIT_BAD_INPUT;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`flows: unknown command "${name}"\n${usage()}`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof FlowInputError) {
      io.stderr(`flows ${name}: ${oneLine(err.message)}\n`);
      return EXIT_BAD_INPUT;
    }
    // A sink note that does not hold what its checkpoint committed: exit 1, the message says what to do.
    if (err instanceof CommittedOutputError) {
      io.stderr(`flows ${name}: ${oneLine(err.message)}\n`);
      return EXIT_FAILURE;
    }
    // node:util parseArgs rejects unknown or malformed options: that is bad input too.
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`flows ${name}: ${oneLine((err as Error).message)}; usage: ${command.usage}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(`flows ${name}: failed: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
    return EXIT_FAILURE;
  }
}

function oneLine(s: string): string {
  // Messages quote bits of users' files: control and bidi characters (a terminal escape in a
  // shared drawing) must not reach the terminal, so they become U+FFFD.
  return joinLines(s).replace(/[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu, '\ufffd').trim();
}
