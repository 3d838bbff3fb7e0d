import type { CliCommand } from '../cli-io';
import { checkpointsCommand } from './checkpoints';
import { exportFlinkCommand } from './export-flink';
import { inspectCommand } from './inspect';
import { pullCommand } from './pull';
import { pushCommand } from './push';
import { runCommand } from './run';

/** Every `flows <command>`; add a command by adding it here. */
export const commands: CliCommand[] = [runCommand, checkpointsCommand, inspectCommand, exportFlinkCommand, pushCommand, pullCommand];
