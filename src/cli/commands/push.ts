import { parseArgs } from 'node:util';
import { FlowInputError, formatDiagnostic } from '../../core/diagnostics';
import { queueEventsOf } from '../../core/flink-bridge/vault-events';
import { EXIT_BAD_INPUT, EXIT_OK, type CliCommand } from '../cli-io';
import { KafkaTopics } from '../kafka/kafka-topics';
import { DEFAULT_BOOTSTRAP_SERVERS, kafkaDrawing } from './kafka-drawing';

export const pushCommand: CliCommand = {
  name: 'push',
  summary: "send the drawing's events (drawn, linked notes, queue logs) to the Kafka topics its Flink script reads",
  usage: 'flows push <drawing> [--vault <dir>] [--bootstrap-servers <host:port>] [--append]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { vault: { type: 'string' }, 'bootstrap-servers': { type: 'string' }, append: { type: 'boolean', default: false } },
    });
    const servers = values['bootstrap-servers'] ?? DEFAULT_BOOTSTRAP_SERVERS;
    const drawing = await kafkaDrawing('push', positionals, values.vault, servers, io);
    if (!drawing) return EXIT_BAD_INPUT;
    const { store, drawingPath, plan, exported } = drawing;
    const queued = await queueEventsOf(store, drawingPath, plan);
    for (const d of queued.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
    const sources = exported.tables.filter((t) => t.role === 'source');
    for (const s of sources) {
      const bad = (queued.events.get(s.elementId) ?? []).find((e) => !Number.isFinite(e.value));
      if (bad) throw new FlowInputError(`${drawingPath}, element ${s.elementId}: event ${bad.key} = ${bad.value} has no JSON form; nothing sent`, drawingPath, s.elementId);
    }

    const kafka = await KafkaTopics.connect(servers);
    try {
      // Every topic is checked before the first event is sent: a refused push sends nothing.
      for (const s of sources) {
        const held = (await kafka.exists(s.name)) ? await kafka.size(s.name) : 0;
        if (held > 0 && !values.append) {
          io.stderr(`flows push: topic ${s.name} on ${servers} already holds ${held} messages; the Flink job would read them as well. ` +
            'Delete the topic first, or give --append to add these events after them; nothing sent\n');
          return EXIT_BAD_INPUT;
        }
      }
      for (const s of sources) {
        const events = queued.events.get(s.elementId) ?? [];
        if (!(await kafka.exists(s.name))) await kafka.create(s.name);
        await kafka.produce(s.name, events);
        const name = plan.nodes.find((n) => n.id === s.elementId)?.name ?? s.name;
        const logged = queued.fromQueueLog.get(s.elementId) ?? 0;
        io.stdout(`queue ${name}: ${events.length} events sent to topic ${s.name}${logged > 0 ? ` (${logged} of them from its queue log)` : ''}\n`);
      }
    } finally {
      await kafka.close();
    }
    io.stdout(`Run the job (flows export-flink ${drawingPath} --bootstrap-servers ${servers}), then bring its results back with flows pull.\n`);
    return EXIT_OK;
  },
};
