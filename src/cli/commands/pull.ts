import { parseArgs } from 'node:util';
import { pulledSinkTargets, refusePullOver, renderPulledNote } from '../../core/flink-bridge/pulled-sink-notes';
import { withGuardedRun } from '../../core/lock/guarded-run';
import { systemClock } from '../../core/ports';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, type CliCommand } from '../cli-io';
import { KafkaTopics } from '../kafka/kafka-topics';
import { nodeScheduler } from '../node-scheduler';
import { commandLineHolder, commandLineHolderIsGone } from '../process-holder';
import { DEFAULT_BOOTSTRAP_SERVERS, kafkaDrawing } from './kafka-drawing';

export const pullCommand: CliCommand = {
  name: 'pull',
  summary: "write what the Flink job's sink topics hold into the drawing's sink notes",
  usage: 'flows pull <drawing> [--vault <dir>] [--bootstrap-servers <host:port>]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { vault: { type: 'string' }, 'bootstrap-servers': { type: 'string' } },
    });
    const servers = values['bootstrap-servers'] ?? DEFAULT_BOOTSTRAP_SERVERS;
    const drawing = await kafkaDrawing('pull', positionals, values.vault, servers, io);
    if (!drawing) return EXIT_BAD_INPUT;
    const { store, drawingPath, plan, exported } = drawing;
    const targets = pulledSinkTargets(plan, drawingPath, exported.tables);
    for (const t of targets) refusePullOver(t.path, await store.read(t.path));

    const kafka = await KafkaTopics.connect(servers);
    const tables = new Map<string, Map<string, number>>();
    try {
      const missing = [];
      for (const t of targets) if (!(await kafka.exists(t.table.name))) missing.push(t.table.name);
      if (missing.length > 0) {
        io.stderr(`flows pull: no topic ${missing.join(', ')} on ${servers}: run the Flink job first (flows export-flink ${drawingPath}); nothing written\n`);
        return EXIT_FAILURE;
      }
      for (const t of targets) tables.set(t.path, await kafka.readUpsertTable(t.table.name));
    } finally {
      await kafka.close();
    }

    // Written under the run lock: a run of the drawing writes these notes too.
    const pulledAt = new Date(systemClock.now()).toISOString();
    const guard = { store, clock: systemClock, scheduler: nodeScheduler, drawingPath, holder: commandLineHolder(), holderIsGone: commandLineHolderIsGone };
    const { drawingChanged } = await withGuardedRun(guard, async (g) => {
      for (const t of targets) {
        refusePullOver(t.path, await g.store.read(t.path)); // again: a run may have written it meanwhile
        const table = tables.get(t.path)!;
        await g.store.writeAtomic(t.path, renderPulledNote({ drawing: drawingPath, sink: t.name, topic: t.table.name, bootstrapServers: servers, pulledAt }, table));
        io.stdout(`sink ${t.name}: ${table.size} keys from topic ${t.table.name} written to ${t.path}\n`);
      }
    });
    if (drawingChanged) io.stderr(`flows pull: ${drawingChanged}\n`);
    return EXIT_OK;
  },
};
