package com.experiencewarehouse.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Puts side by side aggregates that share a key but not their other columns (web, tasks, surveys,
 * tickets of a customer-day or segment-period): one row per key, a chain of full outer joins done
 * as one union and one aggregation. Count columns absent for a key become 0; others stay NULL.
 */
final class KeyedMerge {

  private KeyedMerge() {}

  static Dataset<Row> byKey(List<Dataset<Row>> parts, List<String> keys, Set<String> counts) {
    Dataset<Row> union = parts.get(0);
    for (Dataset<Row> p : parts.subList(1, parts.size())) {
      union = union.unionByName(p, true);
    }
    List<Column> aggs = new ArrayList<>();
    for (String c : union.columns()) {
      if (!keys.contains(c)) {
        // Each key has at most one non-NULL value per column: max() picks it.
        Column v = max(col(c));
        aggs.add((counts.contains(c) ? coalesce(v, lit(0L)) : v).as(c));
      }
    }
    return union.groupBy(keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
  }
}
