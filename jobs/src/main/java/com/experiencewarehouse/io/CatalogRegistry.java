package com.experiencewarehouse.io;

import com.experiencewarehouse.config.Settings;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import scala.Option;

/**
 * Registers the warehouse's tables by name in the session's catalog (xw.catalog): database = layer
 * (with xw.catalog.database-prefix), table = folder, each an external Delta table at its location.
 * Schema, comments and properties stay in the Delta log, so registration is needed once per table
 * (or when the warehouse moves); a night that registers nothing new makes one cheap pass of lookups.
 */
public final class CatalogRegistry {

  /** What a pass did: names newly registered, and names whose catalog entry pointed elsewhere. */
  public record Result(List<String> registered, List<String> moved, int unchanged) {
    public boolean changedAnything() {
      return !registered.isEmpty() || !moved.isEmpty();
    }
  }

  /** The embedded Derby metastore is open in another process; nothing was registered. */
  public static final class CatalogBusyException extends RuntimeException {
    CatalogBusyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Map<String, String> LAYER_COMMENTS = Map.of(
      "bronze", "Experience Warehouse bronze: typed raw rows of each source export, with ingest metadata",
      "silver", "Experience Warehouse silver: sessions, identity map, customers (SCD2), tickets, task attempts, survey responses",
      "gold", "Experience Warehouse gold: linked UX and CX metrics for BI (customer-day, scorecards, drivers, funnel, follow-up, run audit)",
      "quarantine", "Experience Warehouse quarantine: input rows that were not loaded, with the reason");

  private final SparkSession spark;
  private final Settings.CatalogSettings settings;
  private final Warehouse warehouse;

  public CatalogRegistry(SparkSession spark, Settings.CatalogSettings settings, Warehouse warehouse) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = warehouse;
  }

  /** The name a table "layer.table" has in the catalog (with the database prefix). */
  public String catalogName(String table) {
    int dot = table.indexOf('.');
    return settings.database(table.substring(0, dot)) + "." + table.substring(dot + 1);
  }

  /**
   * Registers every table of {@code tables} that exists in the warehouse and is not registered at its
   * location yet. An entry of the same name at another location (a moved warehouse) is re-pointed;
   * a managed table of the same name is an error, never dropped.
   *
   * @throws CatalogBusyException when the embedded metastore is open in another process
   */
  public Result register(Collection<String> tables) {
    try {
      return registerAll(tables);
    } catch (Exception e) {
      // Spark's AnalysisException, which wraps the metastore's failures, is checked in Java's eyes.
      if (settings.type() == Settings.CatalogType.EMBEDDED && isDerbyInUse(e)) {
        throw new CatalogBusyException("the embedded catalog " + settings.embeddedPath()
            + " is open in another process (a SQL session pointed at the warehouse?)", e);
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
  }

  private Result registerAll(Collection<String> tables) {
    SessionCatalog catalog = spark.sessionState().catalog();
    List<String> registered = new ArrayList<>();
    List<String> moved = new ArrayList<>();
    int unchanged = 0;
    java.util.Set<String> databases = new java.util.HashSet<>();
    for (String table : tables) {
      if (!warehouse.exists(table)) {
        continue;
      }
      int dot = table.indexOf('.');
      String layer = table.substring(0, dot);
      String db = settings.database(layer);
      String location = qualified(warehouse.path(table));
      if (databases.add(db) && !catalog.databaseExists(db)) {
        String layerPath = qualified(new Path(location).getParent().toString());
        spark.sql("CREATE DATABASE IF NOT EXISTS " + quoted(db) + " COMMENT " + literal(LAYER_COMMENTS.getOrDefault(
            layer, "Experience Warehouse " + layer)) + " LOCATION " + literal(layerPath));
      }
      TableIdentifier id = new TableIdentifier(table.substring(dot + 1), Option.apply(db));
      if (catalog.tableExists(id)) {
        CatalogTable existing = metadata(catalog, id);
        if (sameLocation(existing.location(), location)) {
          unchanged++;
          continue;
        }
        if (!existing.tableType().equals(CatalogTableType.EXTERNAL())) {
          throw new IllegalStateException("catalog: " + db + "." + id.table() + " is a " + existing.tableType().name()
              + " table at " + existing.location() + ", not the warehouse's table at " + location
              + "; drop or rename it, or set xw.catalog.database-prefix");
        }
        // An external entry: dropping it removes the name only, never the files.
        catalog.dropTable(id, true, false);
        moved.add(db + "." + id.table());
      } else {
        registered.add(db + "." + id.table());
      }
      spark.sql("CREATE TABLE IF NOT EXISTS " + quoted(db) + "." + quoted(id.table()) + " USING delta LOCATION "
          + literal(location));
    }
    return new Result(List.copyOf(registered), List.copyOf(moved), unchanged);
  }

  private static CatalogTable metadata(SessionCatalog catalog, TableIdentifier id) {
    try {
      return catalog.getTableMetadata(id);
    } catch (Exception e) {
      // Checked in Java's eyes (NoSuchTableException): gone between the check and the lookup.
      throw new IllegalStateException("catalog: cannot read " + id.unquotedString() + ": " + e.getMessage(), e);
    }
  }

  private String qualified(String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean sameLocation(URI a, String b) {
    return strip(a.toString()).equals(strip(b));
  }

  private static String strip(String uri) {
    String s = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    // file:/x and file:///x name the same folder.
    return s.startsWith("file:///") ? "file:/" + s.substring("file:///".length()) : s;
  }

  /**
   * Derby's "Another instance of Derby may have already booted the database" (SQLState XSDB6). Hive and
   * DataNucleus wrap it in layers of their own, some keeping it only as a nested exception their
   * printed trace shows, so the whole printed trace is searched.
   */
  public static boolean isDerbyInUse(Throwable e) {
    java.io.StringWriter trace = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(trace));
    String text = trace.toString();
    return text.contains("XSDB6") || text.toLowerCase(Locale.ROOT).contains("another instance of derby");
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
