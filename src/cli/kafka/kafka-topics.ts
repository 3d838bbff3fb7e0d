import type { Admin, ICustomPartitioner, Kafka, Producer } from 'kafkajs';
import type { EventSpec } from '../../core/graph/flow-graph';
import { kafkaMessage } from '../../core/export/flink-sql/record-columns';

/** Messages per produce request. */
const BATCH = 1_000;

/**
 * The few Kafka operations `flows push` and `flows pull` need, over kafkajs (pure JavaScript,
 * command line only: the plugin bundle never imports this folder). Events are written the way
 * the exported script's source tables read them: value `{"key": "A", "value": 1}` (format
 * json), the key as the message key. Sink topics are read the way upsert-kafka writes them:
 * key `{"key": …}`, value `{"key": …, "value": …}`, a null value removing the key.
 */
export class KafkaTopics {
  private constructor(
    readonly bootstrapServers: string,
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly createPartitioner: ICustomPartitioner,
  ) {}

  static async connect(bootstrapServers: string): Promise<KafkaTopics> {
    const brokers = bootstrapServers.split(',').map((b) => b.trim()).filter((b) => b !== '');
    // Loaded on first use: every other command (and a checkout whose node_modules predates this
    // dependency) starts without it.
    const { Kafka, logLevel, Partitioners } = await import('kafkajs');
    const kafka = new Kafka({ clientId: 'excalidraw-flows', brokers, logLevel: logLevel.NOTHING, connectionTimeout: 5_000, retry: { retries: 3 } });
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics(); // fails here, not halfway through, when nothing answers
    } catch (err) {
      await admin.disconnect().catch(() => undefined);
      throw new Error(`could not reach Kafka at ${bootstrapServers}: ${messageOf(err)}`);
    }
    return new KafkaTopics(bootstrapServers, kafka, admin, Partitioners.DefaultPartitioner);
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }

  async exists(topic: string): Promise<boolean> {
    return (await this.admin.listTopics()).includes(topic);
  }

  /** How many messages the topic holds (the sum of its partitions' end offsets minus their starts). */
  async size(topic: string): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  }

  /** Creates the topic with one partition, so it keeps the order the engine consumes its events in. */
  async create(topic: string): Promise<void> {
    await this.admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  }

  /** Appends the events in order, acknowledged by every in-sync replica, with idempotence on (no duplicates on retry). */
  async produce(topic: string, events: readonly EventSpec[]): Promise<void> {
    const producer: Producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: this.createPartitioner });
    await producer.connect();
    try {
      for (let start = 0; start < events.length; start += BATCH) {
        // A record's fields and time ride in the message as the exported source table reads them (record-columns.ts).
        const messages = events.slice(start, start + BATCH).map((e) => ({ key: e.key, value: JSON.stringify(kafkaMessage(e)) }));
        await producer.send({ topic, acks: -1, messages });
      }
    } finally {
      await producer.disconnect();
    }
  }

  /**
   * The table an upsert-kafka topic holds now: every message up to the end offsets taken at the
   * start, the last value per key, a tombstone removing the key. Read by a consumer group of
   * its own, deleted afterwards, that commits nothing.
   */
  async readUpsertTable(topic: string): Promise<Map<string, number>> {
    const ends = new Map((await this.admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
    const left = new Set([...ends].filter(([, end]) => end > 0).map(([p]) => p));
    const table = new Map<string, number>();
    if (left.size === 0) return table;
    const groupId = `excalidraw-flows-pull-${process.pid}-${Date.now()}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const offset = Number(message.offset);
            if (offset >= ends.get(partition)!) return;
            try {
              const key = sinkKey(message.key, topic, partition, offset);
              const value = sinkValue(message.value, topic, partition, offset);
              if (value === null) table.delete(key);
              else table.set(key, value);
            } catch (err) {
              reject(err instanceof Error ? err : new Error(String(err))); // the finally below still stops the consumer
              return;
            }
            if (offset >= ends.get(partition)! - 1) left.delete(partition);
            if (left.size === 0) resolve();
          },
        }).catch(reject);
      });
    } finally {
      await consumer.disconnect();
      await this.admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return table;
  }

  async deleteTopics(topics: string[]): Promise<void> {
    await this.admin.deleteTopics({ topics });
  }
}

function sinkKey(raw: Buffer | null, topic: string, partition: number, offset: number): string {
  const parsed = raw === null ? null : parseJson(raw.toString('utf8'));
  const key = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>).key : undefined;
  if (typeof key !== 'string') throw new Error(`topic ${topic}, partition ${partition}, offset ${offset}: the message key is not {"key": "…"} as upsert-kafka writes it`);
  return key;
}

/** The record's value, null for a tombstone; Jackson writes NaN and ±Infinity as strings. */
function sinkValue(raw: Buffer | null, topic: string, partition: number, offset: number): number | null {
  if (raw === null) return null;
  const parsed = parseJson(raw.toString('utf8'));
  const value = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>).value : undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^(NaN|-?Infinity)$/.test(value)) return Number(value);
  throw new Error(`topic ${topic}, partition ${partition}, offset ${offset}: the message value is not {"key": …, "value": <number>}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function messageOf(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return [e.message, e.cause?.message].filter((m) => m).join(': ') || String(err);
}
