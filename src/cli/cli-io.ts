/** What a command may touch of the process, passed in so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Resolves when stdout has sent what it was given (long output waits for it instead of piling up); absent: at once. */
  stdoutDrained?(): Promise<void>;
  cwd: string;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code: 0 success, 2 bad input, 3 a drawn assertion failed (run), 1 anything else. */
  run(argv: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
/** The run finished, but an assertion drawn in a processor (`A = 1`) did not hold. */
export const EXIT_ASSERTION_FAILED = 3;
