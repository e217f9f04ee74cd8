package com.experiencewarehouse.io;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The documentation of every table the job writes (resource xw/tables.conf): a comment per table and
 * per column, which {@link Warehouse} puts on the tables so that BI users read them with
 * DESCRIBE TABLE EXTENDED. Read once, on first use.
 */
public final class TableDocs {

  /**
   * One table's comment, its own columns' comments, and those of the run metadata columns
   * (metadata-columns: _run_id, _ingested_at, _source_file), which apply where the table has them;
   * and its grain key (keys: the columns that name one row; empty where the file gives none).
   */
  public record Table(String comment, Map<String, String> columns, Map<String, String> metadata,
      java.util.List<String> keys) {
    /** A column's comment; empty when the column is not documented. */
    public Optional<String> column(String name) {
      return Optional.ofNullable(columns.getOrDefault(name, metadata.get(name)));
    }
  }

  private static final String RESOURCE = "xw/tables.conf";
  private static final Map<String, Table> TABLES = load();

  private TableDocs() {}

  /** The documentation of a table named "layer.table"; empty for a table the file does not document. */
  public static Optional<Table> of(String table) {
    return Optional.ofNullable(TABLES.get(table));
  }

  /** Every documented table by name. */
  public static Map<String, Table> all() {
    return TABLES;
  }

  private static Map<String, Table> load() {
    Config conf = ConfigFactory.parseResources(TableDocs.class.getClassLoader(), RESOURCE).resolve();
    if (!conf.hasPath("tables")) {
      throw new IllegalStateException("resource " + RESOURCE + " not found or without tables");
    }
    Map<String, String> metadata = strings(conf.getConfig("metadata-columns"));
    Config tables = conf.getConfig("tables");
    Map<String, Table> docs = new LinkedHashMap<>();
    for (String name : tables.root().keySet()) {
      // Table names hold a dot: address them as one quoted path element.
      Config t = tables.getConfig(com.typesafe.config.ConfigUtil.joinPath(name));
      docs.put(name, new Table(t.getString("comment"), Collections.unmodifiableMap(strings(t.getConfig("columns"))),
          Collections.unmodifiableMap(metadata), t.hasPath("keys") ? t.getStringList("keys") : java.util.List.of()));
    }
    return Collections.unmodifiableMap(docs);
  }

  private static Map<String, String> strings(Config block) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String key : block.root().keySet()) {
      m.put(key, block.getString(com.typesafe.config.ConfigUtil.joinPath(key)));
    }
    return m;
  }
}
