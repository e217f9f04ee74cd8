package com.experiencewarehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** Small helpers to build fixtures and compare results, order-insensitively. */
public final class Rows {

  private Rows() {}

  public static Dataset<Row> frame(StructType schema, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] r : rows) {
      list.add(RowFactory.create(r));
    }
    return SharedSpark.get().createDataFrame(list, schema);
  }

  /** A result's rows as sorted strings, e.g. "[a,1]". */
  public static List<String> sorted(Dataset<Row> df) {
    return df.collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList());
  }

  /** Compares rows order-insensitively, as "[v1,v2,...]" strings. */
  public static void assertRows(Dataset<Row> actual, String... expected) {
    List<String> e = Arrays.stream(expected).sorted().collect(Collectors.toList());
    assertEquals(e, sorted(actual));
  }

  public static double d(Row r, String column) {
    return ((Number) r.getAs(column)).doubleValue();
  }

  public static long l(Row r, String column) {
    return ((Number) r.getAs(column)).longValue();
  }
}
