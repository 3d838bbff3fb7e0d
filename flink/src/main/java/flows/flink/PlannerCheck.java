package flows.flink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.StatementSetOperation;

/**
 * Flink's own parser and planner over every statement of a script, in streaming mode, without
 * running anything: `SET`, `CREATE TABLE` and `CREATE VIEW` are executed (they only change the
 * session's catalog and configuration; a view's query is validated then), an `INSERT` or an
 * `EXECUTE STATEMENT SET` block is parsed by Flink's parser and optimised to a physical plan
 * (connector options, changelog modes and upsert keys are checked there).
 */
final class PlannerCheck {
  private PlannerCheck() {}

  static List<Map<String, Object>> check(String script) {
    TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode().build());
    TableEnvironmentInternal internal = (TableEnvironmentInternal) tEnv;
    List<Map<String, Object>> out = new ArrayList<>();
    for (String statement : ScriptStatements.split(script)) {
      String kind = ScriptStatements.kind(statement);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("kind", kind);
      r.put("sql", statement);
      try {
        if (kind.equals("insert") || kind.equals("statement-set")) {
          List<Operation> ops = new ArrayList<>();
          for (Operation op : internal.getParser().parse(statement)) {
            if (op instanceof StatementSetOperation set) {
              for (ModifyOperation m : set.getOperations()) ops.add(m);
            } else {
              ops.add(op);
            }
          }
          r.put("plan", internal.explainInternal(ops));
        } else {
          SessionStatements.apply(tEnv, statement);
        }
        r.put("ok", true);
      } catch (Throwable e) {
        r.put("ok", false);
        r.put("error", Errors.message(e));
      }
      out.add(r);
    }
    return out;
  }
}
