package flows.flink;

import java.util.List;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.command.SetOperation;

/**
 * One statement of a script, applied the way Flink's SQL client and SQL Gateway apply it. A
 * TableEnvironment's executeSql refuses `SET`: the gateway parses it with the same Flink parser
 * into a SetOperation and puts the pair into the session's configuration (apache/flink,
 * flink-table/flink-sql-gateway/.../service/operation/OperationExecutor.java, callSetCommand);
 * every other statement goes to executeSql.
 */
final class SessionStatements {
  private SessionStatements() {}

  /** The statement's result, or null for a SET. */
  static TableResult apply(TableEnvironment tEnv, String statement) {
    if (ScriptStatements.kind(statement).equals("set")) {
      List<Operation> ops = ((TableEnvironmentInternal) tEnv).getParser().parse(statement);
      if (ops.size() != 1 || !(ops.get(0) instanceof SetOperation set) || set.getKey().isEmpty() || set.getValue().isEmpty()) {
        throw new IllegalArgumentException("not a SET 'key' = 'value' statement: " + statement);
      }
      tEnv.getConfig().getConfiguration().setString(set.getKey().get(), set.getValue().get());
      return null;
    }
    return tEnv.executeSql(statement);
  }
}
