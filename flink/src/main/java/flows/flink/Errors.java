package flows.flink;

/** One readable line for a failure: the deepest cause's message, prefixed by its class. */
final class Errors {
  private Errors() {}

  static String message(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String top = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
    String deep = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage().split("\n")[0];
    return root == e ? deep : top + " (caused by " + deep + ")";
  }
}
