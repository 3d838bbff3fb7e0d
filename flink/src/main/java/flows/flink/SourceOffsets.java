package flows.flink;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * How far each running job's Kafka sources have emitted: the connector's own per-partition
 * `KafkaSourceReader.topic.T.partition.P.currentOffset` gauge, caught by a metric reporter
 * installed on the MiniCluster (cluster configuration, not the script). The gauge is set in the
 * source task's thread as it hands a record to the pipeline, so once it shows the last offset, a
 * checkpoint triggered afterwards has its barrier behind that record; when that checkpoint
 * completes the record went through every operator and the sinks flushed its results.
 */
public final class SourceOffsets implements MetricReporter {
  private static final Map<String, Map<String, Gauge<?>>> BY_JOB = new ConcurrentHashMap<>();

  /** Offset of the last record the job's source emitted from topic's partition 0, or -1. */
  static long emitted(String jobId, String topic) {
    Gauge<?> g = BY_JOB.getOrDefault(jobId, Map.of()).get(topic + "/0");
    Object v = g == null ? null : g.getValue();
    return v instanceof Number n ? n.longValue() : -1;
  }

  static void forget(String jobId) {
    BY_JOB.remove(jobId);
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {

    if (!name.equals("currentOffset") || !(metric instanceof Gauge<?> gauge)) return;
    Map<String, String> vars = group.getAllVariables();
    String job = vars.get("<job_id>");
    String topic = vars.get("<topic>");
    String partition = vars.get("<partition>");
    if (job == null || topic == null || partition == null) return;
    BY_JOB.computeIfAbsent(job, j -> new ConcurrentHashMap<>()).put(topic + "/" + partition, gauge);
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

  /** Named in the MiniCluster's configuration: metrics.reporter.flows.factory.class. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new SourceOffsets();
    }
  }
}
