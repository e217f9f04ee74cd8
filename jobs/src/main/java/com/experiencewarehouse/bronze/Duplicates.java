package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Marks every later occurrence of a key among otherwise good rows as duplicate_id (file order). Keys
 * are compared as cleaned (trimmed) and ignoring case: ids of one export that differ only in case
 * ({@code C0001}, {@code c0001}) are the same record keyed twice, and keeping both would make one
 * customer (ticket, response) two.
 */
public final class Duplicates {

  private Duplicates() {}

  public static Dataset<Row> markLaterOccurrences(Dataset<Row> validated, Column... key) {
    Column[] partition = new Column[key.length + 1];
    for (int i = 0; i < key.length; i++) {
      partition[i] = lower(key[i]);
    }
    partition[key.length] = col(Checks.REASON).isNull();
    Column rank = row_number().over(Window.partitionBy(partition)
        .orderBy(col("_source_file"), col("_row_seq")));
    return validated.withColumn(Checks.REASON,
        when(col(Checks.REASON).isNull().and(rank.gt(1)), lit("duplicate_id"))
            .otherwise(col(Checks.REASON)));
  }
}
