package com.experiencewarehouse.endpoint;

import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.spark.SparkSessions;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.SetCommand;
import scala.Option;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * The read-only guard of {@code xw sql} and {@code xw serve} (unless xw.serve.read-only = false): a
 * Spark session extension whose check rule runs on every analyzed plan of the session, before
 * anything executes, so a statement from the command line, a Spark Connect client's SQL or its
 * DataFrame writes are judged alike. Refused, with a one-line reason:
 * <ul>
 *   <li>every command but the reading ones (SHOW, DESCRIBE, EXPLAIN, USE, Delta's DESCRIBE HISTORY and
 *       DETAIL, SET): DDL and DML (CREATE, DROP, ALTER, INSERT, DELETE, UPDATE, MERGE, TRUNCATE),
 *       Delta's VACUUM, RESTORE, OPTIMIZE, INSERT OVERWRITE DIRECTORY, CACHE, ADD JAR ...;</li>
 *   <li>SET of a setting that guards data or reaches outside the catalog (spark.databricks.*, e.g.
 *       Delta's retention check, spark.hadoop.*, spark.sql.catalog*, spark.sql.legacy.*,
 *       spark.sql.warehouse.*);</li>
 * </ul>
 * and, whatever the statement, reading a file outside the folders the session serves
 * ({@link #READ_ROOTS}: xw sql the warehouse and the quarantine, xw serve its xw.serve.layers), by a
 * path in SQL (text.`/etc/hostname`, delta.`/elsewhere`) or a client's spark.read: Delta reads its
 * own log by path through the same analyzer, but only inside the tables' folders. A Spark Connect
 * client's spark.conf.set of a guarded setting is refused by {@link ConnectConfigGuard}. The
 * endpoint's own catalog registration runs {@link #trusted}.
 */
public final class ReadOnlyGuard extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  /** Raised for a refused statement; the message is the one line the user sees. */
  public static final class RefusedException extends RuntimeException {
    RefusedException(String message) {
      super(message);
    }
  }

  /** Commands that only read (their analyzed class names, v2 and v1 forms). */
  static final Set<String> READING_COMMANDS = Set.of(
      "ShowTables", "ShowTablesExtended", "ShowTablesCommand", "ShowNamespaces", "ShowNamespacesCommand",
      "ShowColumns", "ShowColumnsCommand", "ShowViews", "ShowViewsCommand", "ShowCatalogs",
      "ShowCatalogsCommand", "ShowCurrentNamespace", "ShowCurrentNamespaceCommand", "ShowPartitions",
      "ShowPartitionsCommand", "ShowTableProperties", "ShowTablePropertiesCommand", "ShowCreateTable",
      "ShowCreateTableCommand", "ShowCreateTableAsSerdeCommand", "ShowFunctions", "ShowFunctionsCommand",
      "DescribeRelation", "DescribeTableCommand", "DescribeColumn", "DescribeColumnCommand",
      "DescribeNamespace", "DescribeDatabaseCommand", "DescribeFunction", "DescribeFunctionCommand",
      "DescribeQueryCommand", "ExplainCommand", "SetCatalogAndNamespace", "SetCatalogCommand",
      "SetNamespaceCommand", "DescribeDeltaHistory", "DescribeDeltaHistoryCommand", "DescribeDeltaDetailCommand",
      "ShowDeltaTableColumnsCommand",
      "SetCommand");

  /** Parsed nodes that write but are not Commands. */
  static final Set<String> WRITING_NODES = Set.of("InsertIntoDir");

  /** SET of these (lower-case prefixes) with a value is refused. */
  static final List<String> GUARDED_SETTINGS = List.of(
      "spark.databricks.", "spark.hadoop.", "spark.sql.catalog", "spark.sql.legacy.", "spark.sql.warehouse.",
      "spark.sql.sources.", "spark.xw.");

  /**
   * The Spark setting (of the context, which no client can change) naming the folders a guarded
   * session may read files under, one per line; absent: any (the job's own sessions).
   */
  public static final String READ_ROOTS = "spark.xw.guard.read-roots";

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    // SQL text is judged as parsed, before the analyzer: Delta's analysis runs some commands
    // (RESTORE) while it resolves them, before any check rule sees the plan.
    extensions.injectParser(new scala.runtime.AbstractFunction2<SparkSession, ParserInterface, ParserInterface>() {
      @Override
      public ParserInterface apply(SparkSession session, ParserInterface delegate) {
        return new GuardedParser(delegate);
      }
    });
    // DataFrame writes (a Connect client's df.write, saveAsTable) are judged as analyzed.
    extensions.injectCheckRule(new AbstractFunction1<SparkSession, scala.Function1<LogicalPlan, BoxedUnit>>() {
      @Override
      public scala.Function1<LogicalPlan, BoxedUnit> apply(SparkSession session) {
        List<String> roots = readRoots(session.sparkContext().getConf().get(READ_ROOTS, ""));
        return new AbstractFunction1<LogicalPlan, BoxedUnit>() {
          @Override
          public BoxedUnit apply(LogicalPlan plan) {
            check(plan);
            checkReads(plan, roots);
            return BoxedUnit.UNIT;
          }
        };
      }
    });
    return BoxedUnit.UNIT;
  }

  private static final ThreadLocal<Boolean> TRUSTED = ThreadLocal.withInitial(() -> false);

  /** Runs the endpoint's own statements (catalog registration) past the guard, on this thread. */
  public static <T> T trusted(java.util.function.Supplier<T> action) {
    boolean before = TRUSTED.get();
    TRUSTED.set(true);
    try {
      return action.get();
    } finally {
      TRUSTED.set(before);
    }
  }

  /**
   * The Spark settings of an xw sql or xw serve session: the job's, with this guard after Delta's
   * extension unless xw.serve.read-only = false.
   */
  public static Settings.SparkSettings settings(Settings settings, List<String> readRoots) {
    if (!settings.serve().readOnly()) {
      return settings.spark();
    }
    String delta = SparkSessions.baseConf().get("spark.sql.extensions");
    String given = settings.spark().conf().getOrDefault("spark.sql.extensions", delta);
    return settings.spark().withConf(java.util.Map.of("spark.sql.extensions", given + "," + ReadOnlyGuard.class.getName(),
        READ_ROOTS, readRoots.stream().map(ReadOnlyGuard::canonical).collect(java.util.stream.Collectors.joining("\n")),
        // A Spark Connect client's spark.conf.set does not pass the SQL parser: judged as it arrives.
        "spark.connect.grpc.interceptor.classes", ConnectConfigGuard.class.getName()));
  }

  static List<String> readRoots(String setting) {
    return setting.isBlank() ? List.of() : List.of(setting.split("\n"));
  }

  /**
   * Throws {@link RefusedException} when the analyzed plan reads a file outside the roots
   * (canonical, {@link #canonical}); nothing when the roots are empty or the thread is trusted.
   */
  public static void checkReads(LogicalPlan plan, List<String> roots) {
    if (roots.isEmpty() || TRUSTED.get()) {
      return;
    }
    for (String path : filesRead(plan)) {
      String p = canonical(path);
      if (roots.stream().noneMatch(r -> p.equals(r) || p.startsWith(r + "/"))) {
        throw new RefusedException("read-only: reading " + path + " is refused (files outside the tables this "
            + "session serves are not read; query the tables by name)");
      }
    }
  }

  /** The folders or files a plan (its subqueries too) reads by path: file relations, v1 and v2. */
  static List<String> filesRead(LogicalPlan plan) {
    List<String> paths = new java.util.ArrayList<>();
    java.util.ArrayDeque<LogicalPlan> todo = new java.util.ArrayDeque<>(List.of(plan));
    while (!todo.isEmpty()) {
      LogicalPlan p = todo.pop();
      if (p instanceof org.apache.spark.sql.execution.datasources.LogicalRelation r
          && r.relation() instanceof org.apache.spark.sql.execution.datasources.HadoopFsRelation fs) {
        fs.location().rootPaths().iterator().foreach(path -> paths.add(path.toString()));
      } else if (p instanceof org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation v2) {
        if (v2.table() instanceof org.apache.spark.sql.execution.datasources.v2.FileTable ft) {
          ft.fileIndex().rootPaths().iterator().foreach(path -> paths.add(path.toString()));
        } else if (v2.table().getClass().getSimpleName().equals("DeltaTableV2")) {
          try {
            paths.add(String.valueOf(v2.table().getClass().getMethod("path").invoke(v2.table())));
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot tell which folder a Delta table reads", e);
          }
        }
      }
      p.children().iterator().foreach(child -> {
        todo.push(child);
        return null;
      });
      p.subqueries().iterator().foreach(sub -> {
        todo.push(sub);
        return null;
      });
    }
    return paths;
  }

  /**
   * A path as scheme://authority/path, absolute, "." and ".." resolved, no trailing slash: local
   * paths with or without "file:" compare alike, and "/warehouse/gold/../../etc" is "/etc".
   */
  static String canonical(String path) {
    java.net.URI u = new org.apache.hadoop.fs.Path(path).toUri();
    String scheme = u.getScheme() == null ? "file" : u.getScheme();
    String p = u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath();
    p = scheme.equals("file") ? java.nio.file.Paths.get(p).toAbsolutePath().normalize().toString()
        : java.nio.file.Paths.get("/", p).normalize().toString();
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return scheme + "://" + (u.getAuthority() == null ? "" : u.getAuthority()) + p;
  }

  /** Throws {@link RefusedException} when the analyzed plan writes or changes anything. */
  public static void check(LogicalPlan plan) {
    if (TRUSTED.get()) {
      return;
    }
    String name = plan.getClass().getSimpleName();
    // Delta parses some of its commands to *Statement nodes first (RESTORE, CLONE), not Commands.
    if (plan instanceof Command || name.endsWith("Statement") || WRITING_NODES.contains(name)) {
      if (!READING_COMMANDS.contains(name)) {
        throw new RefusedException("read-only: " + describe(name) + " is refused (the SQL endpoint and xw sql "
            + "only read; an administrator sets xw.serve.read-only = false)");
      }
      if (plan instanceof SetCommand set) {
        checkSet(set.kv());
      }
    }
    scala.collection.Iterator<LogicalPlan> children = plan.children().iterator();
    while (children.hasNext()) {
      check(children.next());
    }
  }

  private static void checkSet(Option<Tuple2<String, Option<String>>> kv) {
    if (kv.isEmpty() || kv.get()._2().isEmpty()) {
      return;   // SET, SET key: reading
    }
    if (isGuarded(kv.get()._1())) {
      throw new RefusedException(setRefused(kv.get()._1()));
    }
  }

  /** Whether a client may not set (or unset) this setting. */
  static boolean isGuarded(String setting) {
    String key = setting.toLowerCase(Locale.ROOT).strip();
    return GUARDED_SETTINGS.stream().anyMatch(key::startsWith);
  }

  static String setRefused(String setting) {
    return "read-only: SET " + setting + " is refused (a setting that guards the data or reaches outside the catalog)";
  }

  /** A command's class name as words: DeleteFromTable → "DELETE FROM TABLE" (…Command, …Statement dropped). */
  static String describe(String className) {
    String n = className.replaceAll("(?<=.)(Command|Statement)$", "");
    return n.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
  }
}
