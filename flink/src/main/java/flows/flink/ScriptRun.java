package flows.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Runs an exported script as it is, on the MiniCluster, against the broker:
 * <ol>
 *   <li>creates its topics (one partition each, so a topic keeps the order the engine consumes);</li>
 *   <li>produces each source's events, JSON `{"key": "A", "value": 1}` (or the event's `message`
 *       when it has one: a record's fields and time), in that order (unless the
 *       request says they were produced already, e.g. by `flows push`);</li>
 *   <li>submits every statement with executeSql, as the SQL client does with `-f`;</li>
 *   <li>knows the job has processed all input when a checkpoint (triggered on demand, besides the
 *       script's own) has completed and the Kafka source has committed the topics' end offsets for
 *       the script's consumer group: everything before that checkpoint's barrier was processed and
 *       the sinks flushed it (upsert-kafka flushes on checkpoint);</li>
 *   <li>reads each upsert sink topic from the beginning: the latest value per key, a tombstone
 *       removing the key, which is what Flink's result table holds;</li>
 *   <li>cancels the job and, unless asked to keep them, deletes the topics and the group.</li>
 * </ol>
 */
final class ScriptRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GROUP = Pattern.compile("'properties\\.group\\.id'\\s*=\\s*'((?:[^']|'')*)'");

  private final String bootstrap;
  private final FlinkCluster flink;
  private final Admin admin;

  ScriptRun(String bootstrap, FlinkCluster flink) {
    this.bootstrap = bootstrap;
    this.flink = flink;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    admin = Admin.create(p);
  }

  Map<String, Object> run(JsonNode req) throws Exception {
    String script = req.path("script").asText();
    List<String> sources = new ArrayList<>();
    req.path("sources").fieldNames().forEachRemaining(sources::add);
    List<String> sinks = new ArrayList<>();
    req.path("sinks").forEach(n -> sinks.add(n.asText()));
    boolean produce = req.path("produce").asBoolean(true);
    boolean keep = req.path("keepTopics").asBoolean(false);
    // The JDBC sink option: the sinks are PostgreSQL tables instead of upsert topics.
    String jdbcUrl = req.path("jdbcUrl").asText("");
    List<String> jdbcSinks = new ArrayList<>();
    req.path("jdbcSinks").forEach(n -> jdbcSinks.add(n.asText()));
    long deadline = System.currentTimeMillis() + req.path("timeoutMs").asLong(60_000);
    Map<String, Object> timings = new LinkedHashMap<>();
    long t = System.nanoTime();

    List<String> all = new ArrayList<>(sources);
    all.addAll(sinks);
    createTopics(all);
    if (produce) produce(req.path("sources"));
    Map<TopicPartition, Long> ends = endOffsets(sources);
    if (!jdbcSinks.isEmpty()) JdbcSinks.create(jdbcUrl, jdbcSinks);
    timings.put("produceMs", ms(t));

    t = System.nanoTime();
    TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode()
        .withConfiguration(flink.clientConfiguration()).build());
    JobClient job = null;
    for (String statement : ScriptStatements.split(script)) {
      TableResult r = SessionStatements.apply(tEnv, statement);
      if (r != null && r.getJobClient().isPresent()) job = r.getJobClient().get();
    }
    if (job == null) throw new IllegalStateException("the script submitted no job");
    timings.put("submitMs", ms(t));
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      t = System.nanoTime();
      int checkpoints = awaitProcessed(job, ends, deadline);
      timings.put("processMs", ms(t));
      out.put("checkpoints", checkpoints);
      t = System.nanoTime();
      Map<String, Object> read = new LinkedHashMap<>(readSinks(sinks));
      if (!jdbcSinks.isEmpty()) read.putAll(JdbcSinks.read(jdbcUrl, jdbcSinks));
      out.put("sinks", read);
      timings.put("readMs", ms(t));
    } finally {
      t = System.nanoTime();
      job.cancel().get(30, TimeUnit.SECONDS);
      awaitTerminal(job);
      if (!jdbcSinks.isEmpty()) JdbcSinks.drop(jdbcUrl, jdbcSinks);
      if (!keep) {
        deleteTopics(all);
        for (String g : groups(script)) {
          try {
            admin.deleteConsumerGroups(List.of(g)).all().get();
          } catch (ExecutionException ignored) {
            // no offsets were committed under it
          }
        }
      }
      timings.put("cleanupMs", ms(t));
    }
    out.put("jobId", job.getJobID().toHexString());
    out.put("timings", timings);
    return out;
  }

  private static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  private static List<String> groups(String script) {
    List<String> out = new ArrayList<>();
    Matcher m = GROUP.matcher(script);
    while (m.find()) if (!out.contains(m.group(1))) out.add(m.group(1).replace("''", "'"));
    return out;
  }

  private void createTopics(List<String> topics) throws Exception {
    long until = System.currentTimeMillis() + 30_000;
    for (String topic : new HashSet<>(topics)) {
      while (true) {
        try {
          admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
          break;
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e;
          // Ours from a push, or a deletion still under way: a pushed topic has data, keep it.
          if (admin.listTopics().names().get().contains(topic) && !isBeingDeleted(topic)) break;
          if (System.currentTimeMillis() > until) throw e;
          Thread.sleep(100);
        }
      }
    }
  }

  private boolean isBeingDeleted(String topic) {
    try {
      admin.describeTopics(List.of(topic)).allTopicNames().get();
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  private void deleteTopics(List<String> topics) throws Exception {
    try {
      admin.deleteTopics(new HashSet<>(topics)).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) throw e;
    }
    long until = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < until) {
      Set<String> left = new HashSet<>(admin.listTopics().names().get());
      left.retainAll(topics);
      if (left.isEmpty()) return;
      Thread.sleep(50);
    }
  }

  private void produce(JsonNode sources) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      var it = sources.fields();
      while (it.hasNext()) {
        var e = it.next();
        for (JsonNode ev : e.getValue()) {
          Map<String, Object> value = new LinkedHashMap<>();
          value.put("key", ev.path("key").asText());
          value.put("value", ev.path("value").numberValue());
          // An event with fields or a time comes with its whole message (export: record-columns.ts kafkaMessage).
          JsonNode message = ev.get("message");
          String body = message != null && message.isObject() ? JSON.writeValueAsString(message) : JSON.writeValueAsString(value);
          producer.send(new ProducerRecord<>(e.getKey(), ev.path("key").asText(), body));
        }
      }
      producer.flush();
    }
  }


  private Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> ask = new LinkedHashMap<>();
    for (String topic : topics) ask.put(new TopicPartition(topic, 0), OffsetSpec.latest());
    Map<TopicPartition, Long> out = new LinkedHashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(ask).all().get().entrySet()) {
      out.put(e.getKey(), e.getValue().offset());
    }
    return out;
  }

  private int awaitProcessed(JobClient job, Map<TopicPartition, Long> ends, long deadline) throws Exception {
    String id = job.getJobID().toHexString();
    int checkpoints = 0;
    String lastError = "";
    try {
      while (System.currentTimeMillis() < deadline) {
        JobStatus status = job.getJobStatus().get();
        if (status.isGloballyTerminalState()) {
          try {
            job.getJobExecutionResult().get();
          } catch (ExecutionException e) {
            throw new IllegalStateException("the Flink job " + status + ": " + Errors.message(e));
          }
          throw new IllegalStateException("the Flink job ended (" + status + ") before reading its input");
        }
        boolean emittedAll = ends.entrySet().stream()
            .allMatch(e -> e.getValue() == 0 || SourceOffsets.emitted(id, e.getKey().topic()) >= e.getValue() - 1);
        if (status == JobStatus.RUNNING && emittedAll) {
          try {
            flink.triggerCheckpoint(job.getJobID());
            checkpoints++;
            return checkpoints;
          } catch (ExecutionException e) {
            lastError = Errors.message(e); // e.g. not all tasks running yet
          }
        }
        Thread.sleep(25);
      }
    } finally {
      SourceOffsets.forget(id);
    }
    throw new IllegalStateException("the Flink job did not process all input in time (" + lastError + ")");
  }

  private Map<String, Map<String, Object>> readSinks(List<String> sinks) throws Exception {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (String topic : sinks) {
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        Map<String, Object> table = new LinkedHashMap<>();
        List<Map<String, Object>> changelog = new ArrayList<>();
        while (consumer.position(tp) < end) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            String key = JSON.readTree(new String(r.key(), StandardCharsets.UTF_8)).path("key").asText();
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("key", key);
            if (r.value() == null) {
              table.remove(key);
              change.put("value", null);
            } else {
              JsonNode v = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8)).path("value");
              Object value = v.isNumber() ? v.doubleValue() : v.isNull() ? null : v.asText();
              table.put(key, value);
              change.put("value", value);
            }
            changelog.add(change);
          }
        }
        Map<String, Object> sink = new LinkedHashMap<>();
        sink.put("table", table);
        sink.put("records", changelog.size());
        out.put(topic, (Map) sink);
      }
    }
    return out;
  }

  private static void awaitTerminal(JobClient job) throws Exception {
    long until = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < until && !job.getJobStatus().get().isGloballyTerminalState()) Thread.sleep(50);
  }
}
