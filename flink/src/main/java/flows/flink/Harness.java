package flows.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The Java half of tests/flink: one JVM for every drawing. It starts a Kafka broker (KRaft,
 * loopback) and a Flink MiniCluster, prints one JSON line `{"ready": true, "bootstrapServers": …}`,
 * then answers one JSON line per request line on stdin:
 * <ul>
 *   <li>`{"op": "check", "script": …}`: Flink's parser and planner over each statement;</li>
 *   <li>`{"op": "run", "script": …, "sources": {topic: [{key, value}]}, "sinks": [topic], …}`:
 *       produce the events, submit the script, wait until the job has processed them all, read the
 *       upsert sink topics back (see {@link ScriptRun}).</li>
 * </ul>
 * It stops, removing the broker's folder, when stdin closes or on SIGTERM.
 */
public final class Harness {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err); // whatever a library prints must not end up in the protocol
    long t0 = System.nanoTime();
    KafkaBroker broker = new KafkaBroker();
    FlinkCluster flink = new FlinkCluster();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(flink, broker)));
    Map<String, Object> ready = new LinkedHashMap<>();
    ready.put("ready", true);
    ready.put("bootstrapServers", broker.bootstrapServers);
    ready.put("flinkVersion", EnvironmentInformation.getVersion());
    ready.put("kafkaVersion", AppInfoParser.getVersion());
    ready.put("startMs", (System.nanoTime() - t0) / 1_000_000);
    protocol.println(JSON.writeValueAsString(ready));

    ScriptRun runner = new ScriptRun(broker.bootstrapServers, flink);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) continue;
      Map<String, Object> reply = new LinkedHashMap<>();
      long start = System.nanoTime();
      try {
        JsonNode req = JSON.readTree(line);
        reply.put("id", req.path("id").asText(""));
        switch (req.path("op").asText()) {
          case "check" -> reply.put("statements", PlannerCheck.check(req.path("script").asText()));
          case "run" -> reply.putAll(runner.run(req));
          default -> throw new IllegalArgumentException("unknown op " + req.path("op"));
        }
        reply.put("ok", true);
      } catch (Throwable e) {
        reply.put("ok", false);
        reply.put("error", Errors.message(e));
      }
      reply.put("ms", (System.nanoTime() - start) / 1_000_000);
      protocol.println(JSON.writeValueAsString(reply));
    }
    closeQuietly(flink, broker);
    System.exit(0);
  }

  private static synchronized void closeQuietly(AutoCloseable... parts) {
    for (AutoCloseable p : parts) {
      try {
        p.close();
      } catch (Throwable ignored) {
        // stopping anyway
      }
    }
  }
}
