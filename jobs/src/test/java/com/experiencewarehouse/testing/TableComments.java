package com.experiencewarehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.experiencewarehouse.io.TableDocs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * What BI users see of a table with DESCRIBE TABLE EXTENDED: its columns' comments, its Comment and
 * its table properties, checked against io/TableDocs (xw/tables.conf).
 */
public final class TableComments {

  /** A table as DESCRIBE TABLE EXTENDED shows it. */
  public record Described(Map<String, String> columnComments, String comment, String properties, String location) {}

  private TableComments() {}

  /** @param target a table name (gold.x) or a path table (delta.`/path`) */
  public static Described describe(String target) {
    List<Row> rows = SharedSpark.get().sql("DESCRIBE TABLE EXTENDED " + target).collectAsList();
    Map<String, String> columns = new LinkedHashMap<>();
    Map<String, String> details = new LinkedHashMap<>();
    boolean inColumns = true;
    for (Row r : rows) {
      String name = r.getString(0);
      // The columns come first, up to a blank line or the partition section (which repeats them).
      if (name.isEmpty() || name.startsWith("#")) {
        inColumns = false;
      } else if (inColumns) {
        columns.put(name, r.getString(2));
      } else {
        details.put(name, r.getString(1));
      }
    }
    return new Described(columns, details.get("Comment"), details.get("Table Properties"), details.get("Location"));
  }

  /**
   * The table's every column carries its documented comment, the table its documented comment,
   * a gold table Change Data Feed; and every column the documentation names is in the table.
   */
  public static void assertDocumented(String table, String path) {
    assertDocumented(table, describe("delta.`" + path.replace("`", "``") + "`"));
  }

  /** As {@link #assertDocumented(String, String)}, the table read by its name in the catalog. */
  public static Described assertDocumentedByName(String table) {
    Described d = describe(table);
    assertDocumented(table, d);
    return d;
  }

  private static void assertDocumented(String table, Described d) {
    TableDocs.Table docs = TableDocs.of(table).orElseThrow(() -> new AssertionError(table + " is not documented"));
    assertFalse(d.columnComments().isEmpty(), table);
    for (Map.Entry<String, String> c : d.columnComments().entrySet()) {
      String documented = docs.column(c.getKey()).orElseThrow(
          () -> new AssertionError(table + "." + c.getKey() + " is not documented"));
      assertFalse(documented.isBlank(), table + "." + c.getKey());
      assertEquals(documented, c.getValue(), table + "." + c.getKey());
    }
    for (String c : docs.columns().keySet()) {
      assertTrue(d.columnComments().containsKey(c), table + " has no column " + c + " (documented)");
    }
    assertEquals(docs.comment(), d.comment(), table + " comment");
    assertEquals(table.startsWith("gold."), d.properties().contains("delta.enableChangeDataFeed=true"),
        table + " properties " + d.properties());
  }
}
