package com.experiencewarehouse.endpoint;

import java.io.PrintStream;
import java.util.Iterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code xw sql STATEMENT}: one statement over the catalog, its rows printed as tab-separated lines
 * under a header line (NULL as empty), streamed partition by partition so a large result does not
 * have to fit in the driver.
 */
public final class SqlQuery {

  private SqlQuery() {}

  /** Runs the statement and prints its result; returns the number of rows printed. */
  public static long print(SparkSession spark, String statement, PrintStream out) {
    Dataset<Row> result = spark.sql(statement);
    out.println(String.join("\t", result.columns()));
    long rows = 0;
    for (Iterator<Row> it = result.toLocalIterator(); it.hasNext(); rows++) {
      Row row = it.next();
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length(); i++) {
        if (i > 0) {
          line.append('\t');
        }
        Object v = row.get(i);
        // Tabs and line breaks inside a value would break the line format.
        line.append(v == null ? "" : String.valueOf(v).replace('\t', ' ').replace('\n', ' ').replace('\r', ' '));
      }
      out.println(line);
    }
    out.flush();
    return rows;
  }
}
