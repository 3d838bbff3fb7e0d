package flows.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a Flink SQL script into its statements the way the SQL client reads `-f script.sql`:
 * statements end with `;` outside quotes, identifiers and comments; an `EXECUTE STATEMENT SET
 * BEGIN … END;` block is one statement. Comments are dropped (each is a whole line here).
 */
final class ScriptStatements {
  private ScriptStatements() {}

  static List<String> split(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (quote != 0) {
        cur.append(c);
        if (c == quote) {
          if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
            cur.append(script.charAt(++i));
          } else {
            quote = 0;
          }
        }
        continue;
      }
      if (c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
        while (i < script.length() && script.charAt(i) != '\n') i++;
        cur.append('\n');
        continue;
      }
      if (c == '\'' || c == '`' || c == '"') quote = c;
      if (c == ';') {
        String s = cur.toString().trim();
        String upper = s.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        boolean inSet = (upper.startsWith("EXECUTE STATEMENT SET") || upper.startsWith("BEGIN STATEMENT SET")) && !upper.endsWith(" END");
        if (inSet) {
          cur.append(c);
          continue;
        }
        if (!s.isEmpty()) out.add(s);
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    String rest = cur.toString().trim();
    if (!rest.isEmpty()) out.add(rest);
    return out;
  }

  /** `set`, `create-table`, `create-view`, `insert` or `statement-set`: what the statement is. */
  static String kind(String statement) {
    String u = statement.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (u.startsWith("SET ")) return "set";
    if (u.startsWith("CREATE TABLE")) return "create-table";
    if (u.startsWith("CREATE VIEW")) return "create-view";
    if (u.startsWith("INSERT ")) return "insert";
    if (u.startsWith("EXECUTE STATEMENT SET") || u.startsWith("BEGIN STATEMENT SET")) return "statement-set";
    return "other";
  }
}
