package flows.flink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL side of the JDBC sink option: the tables the exported script's `jdbc` sinks
 * write (the export does not create them; Flink's JDBC upsert needs the primary key to exist),
 * read back after the job, dropped at the end. Table names are used unquoted, as Flink's
 * Postgres dialect writes them (its quoteIdentifier returns the name as it is), so both fold
 * them the same way.
 */
final class JdbcSinks {
  private JdbcSinks() {}

  static void create(String url, List<String> tables) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String t : tables) {
        s.execute("DROP TABLE IF EXISTS " + t);
        s.execute("CREATE TABLE " + t + " (key TEXT PRIMARY KEY, value DOUBLE PRECISION)");
      }
    }
  }

  /** Each table's rows: key → value, as the harness reports an upsert topic's table. */
  static Map<String, Map<String, Object>> read(String url, List<String> tables) throws SQLException {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String t : tables) {
        Map<String, Object> table = new LinkedHashMap<>();
        try (ResultSet rs = s.executeQuery("SELECT key, value FROM " + t + " ORDER BY key")) {
          while (rs.next()) {
            double v = rs.getDouble(2);
            table.put(rs.getString(1), rs.wasNull() ? null : v);
          }
        }
        Map<String, Object> sink = new LinkedHashMap<>();
        sink.put("table", table);
        sink.put("records", table.size());
        out.put(t, sink);
      }
    }
    return out;
  }

  static void drop(String url, List<String> tables) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String t : tables) s.execute("DROP TABLE IF EXISTS " + t);
    }
  }
}
