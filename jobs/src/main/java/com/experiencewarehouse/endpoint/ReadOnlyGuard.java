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
 * The endpoint's own catalog registration runs {@link #trusted}. Not refused yet: reading files by
 * path (text.`/etc/hostname`): Delta reads its own log by path through the same analyzer, so a check
 * of analyzed plans cannot tell a client's path read from Delta's (issue 19).
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
      "spark.databricks.", "spark.hadoop.", "spark.sql.catalog", "spark.sql.legacy.", "spark.sql.warehouse.");

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
        return new AbstractFunction1<LogicalPlan, BoxedUnit>() {
          @Override
          public BoxedUnit apply(LogicalPlan plan) {
            check(plan);
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
  public static Settings.SparkSettings settings(Settings settings) {
    if (!settings.serve().readOnly()) {
      return settings.spark();
    }
    String delta = SparkSessions.baseConf().get("spark.sql.extensions");
    String given = settings.spark().conf().getOrDefault("spark.sql.extensions", delta);
    return settings.spark().withConf(java.util.Map.of("spark.sql.extensions", given + "," + ReadOnlyGuard.class.getName()));
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
    String key = kv.get()._1().toLowerCase(Locale.ROOT);
    for (String prefix : GUARDED_SETTINGS) {
      if (key.startsWith(prefix)) {
        throw new RefusedException("read-only: SET " + kv.get()._1() + " is refused (a setting that guards the "
            + "data or reaches outside the catalog)");
      }
    }
  }

  /** A command's class name as words: DeleteFromTable → "DELETE FROM TABLE" (…Command, …Statement dropped). */
  static String describe(String className) {
    String n = className.replaceAll("(?<=.)(Command|Statement)$", "");
    return n.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
  }
}
