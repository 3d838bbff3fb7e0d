package flows.flink;

import java.net.URI;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * One Flink MiniCluster for every drawing (a JobManager and a TaskManager in this JVM, REST on
 * 127.0.0.1). Scripts are submitted to it the way a remote cluster gets them, through its REST
 * endpoint, so each job is a real JobGraph; checkpoints can be triggered on demand to learn when
 * a job has processed its input.
 */
final class FlinkCluster implements AutoCloseable {
  private final MiniCluster cluster;
  private final URI rest;

  FlinkCluster() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.setString("metrics.reporter.flows.factory.class", SourceOffsets.Factory.class.getName());
    cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(conf)
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(8)
        .setCommonBindAddress("127.0.0.1")
        .withRandomPorts()
        .build());
    cluster.start();
    rest = cluster.getRestAddress().get();
  }

  /** What a client session needs to submit to this cluster; the script's own SETs come on top. */
  Configuration clientConfiguration() {
    Configuration c = new Configuration();
    c.set(DeploymentOptions.TARGET, "remote");
    c.set(RestOptions.ADDRESS, rest.getHost());
    c.set(RestOptions.PORT, rest.getPort());
    c.set(CoreOptions.DEFAULT_PARALLELISM, 1);
    return c;
  }

  String triggerCheckpoint(JobID job) throws Exception {
    return cluster.triggerCheckpoint(job).get();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
