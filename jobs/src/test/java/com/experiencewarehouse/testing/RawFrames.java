package com.experiencewarehouse.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Raw CSV-reader output built by hand: the logical string fields, then {@code _corrupt_record},
 * {@code _source_file} and {@code _row_seq} (the row's position, i.e. file order).
 */
public final class RawFrames {

  private RawFrames() {}

  /** A line the CSV reader could not split: every field NULL, the text as {@code _corrupt_record}. */
  public static String[] malformed(List<String> fields, String line) {
    String[] r = new String[fields.size() + 1];
    r[fields.size()] = line;
    return r;
  }

  public static Dataset<Row> csv(List<String> fields, String[]... rows) {
    StructType schema = new StructType();
    for (String f : fields) {
      schema = schema.add(f, DataTypes.StringType);
    }
    schema = schema.add("_corrupt_record", DataTypes.StringType)
        .add("_source_file", DataTypes.StringType)
        .add("_row_seq", DataTypes.LongType);
    List<Row> list = new ArrayList<>();
    long seq = 0;
    for (String[] r : rows) {
      Object[] values = new Object[fields.size() + 3];
      System.arraycopy(r, 0, values, 0, Math.min(r.length, fields.size()));
      values[fields.size()] = r.length > fields.size() ? r[fields.size()] : null;
      values[fields.size() + 1] = "file:/in/export.csv";
      values[fields.size() + 2] = seq++;
      list.add(RowFactory.create(values));
    }
    return SharedSpark.get().createDataFrame(list, schema);
  }
}
