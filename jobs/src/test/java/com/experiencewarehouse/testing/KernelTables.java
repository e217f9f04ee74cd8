package com.experiencewarehouse.testing;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a Delta table with Delta Kernel (io.delta:delta-kernel-defaults), the reader library other
 * engines embed, not with Spark: its log replay, its Parquet reader, its partition values. Rows come
 * out as canonical text, so that Spark's rows of the same table ({@link #canonical(org.apache.spark.sql.Row)})
 * can be compared with them: flat columns of the gold tables' types, maps and arrays of them.
 */
public final class KernelTables {

  private KernelTables() {}

  /** The table's latest version, read by Kernel: its column names, then one text per row. */
  public record Read(long version, List<String> columns, List<String> rows) {}

  public static Read read(String path) {
    Engine engine = DefaultEngine.create(new Configuration());
    Snapshot snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
    StructType schema = snapshot.getSchema();
    Scan scan = snapshot.getScanBuilder().build();
    Row scanState = scan.getScanState(engine);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
    List<String> rows = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            Row file = fileRows.next();
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                .readParquetFiles(Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file)),
                    physical, Optional.empty())
                .map(FileReadResult::getData);
            // Adds the partition values and applies deletion vectors, as every Kernel reader must.
            try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, scanState, file, data)) {
              while (logical.hasNext()) {
                addRows(logical.next(), schema, rows);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Read(snapshot.getVersion(), schema.fields().stream().map(StructField::getName).toList(), rows);
  }

  private static void addRows(FilteredColumnarBatch batch, StructType schema, List<String> rows) {
    ColumnarBatch data = batch.getData();
    Optional<ColumnVector> selected = batch.getSelectionVector();
    for (int r = 0; r < data.getSize(); r++) {
      if (selected.isPresent() && (selected.get().isNullAt(r) || !selected.get().getBoolean(r))) {
        continue;
      }
      StringBuilder row = new StringBuilder();
      for (int c = 0; c < schema.length(); c++) {
        // By name: the batch's columns are the table's, partition columns included.
        int ordinal = data.getSchema().indexOf(schema.at(c).getName());
        row.append(c == 0 ? "" : "|").append(value(data.getColumnVector(ordinal), r, schema.at(c).getDataType()));
      }
      rows.add(row.toString());
    }
  }

  private static String value(ColumnVector v, int r, DataType type) {
    if (v.isNullAt(r)) {
      return "null";
    }
    if (type instanceof StringType) {
      return v.getString(r);
    } else if (type instanceof IntegerType) {
      return Integer.toString(v.getInt(r));
    } else if (type instanceof LongType) {
      return Long.toString(v.getLong(r));
    } else if (type instanceof DoubleType) {
      return Double.toString(v.getDouble(r));
    } else if (type instanceof BooleanType) {
      return Boolean.toString(v.getBoolean(r));
    } else if (type instanceof DateType) {
      return LocalDate.ofEpochDay(v.getInt(r)).toString();      // days since 1970-01-01
    } else if (type instanceof TimestampType) {
      return Long.toString(v.getLong(r));                       // microseconds since the epoch, UTC
    } else if (type instanceof DecimalType) {
      return v.getDecimal(r).toPlainString();
    } else if (type instanceof io.delta.kernel.types.MapType m) {
      // Entries sorted by their text: a map's order is not part of its value.
      io.delta.kernel.data.MapValue map = v.getMap(r);
      List<String> entries = new ArrayList<>();
      for (int i = 0; i < map.getSize(); i++) {
        entries.add(value(map.getKeys(), i, m.getKeyType()) + "=" + value(map.getValues(), i, m.getValueType()));
      }
      return "{" + String.join(",", entries.stream().sorted().toList()) + "}";
    } else if (type instanceof io.delta.kernel.types.ArrayType a) {
      io.delta.kernel.data.ArrayValue array = v.getArray(r);
      List<String> elements = new ArrayList<>();
      for (int i = 0; i < array.getSize(); i++) {
        elements.add(value(array.getElements(), i, a.getElementType()));
      }
      return "[" + String.join(",", elements) + "]";
    }
    throw new IllegalArgumentException("no canonical text for Kernel type " + type);
  }

  /** Spark's row in the same canonical text as Kernel's. */
  public static String canonical(org.apache.spark.sql.Row row) {
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < row.length(); c++) {
      s.append(c == 0 ? "" : "|").append(canonicalValue(row.get(c)));
    }
    return s.toString();
  }

  private static String canonicalValue(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    } else if (v instanceof LocalDate d) {
      return d.toString();
    } else if (v instanceof Timestamp t) {
      return Long.toString(t.getTime() / 1000 * 1_000_000 + t.getNanos() / 1000);
    } else if (v instanceof java.time.Instant i) {
      return Long.toString(i.getEpochSecond() * 1_000_000 + i.getNano() / 1000);
    } else if (v instanceof java.math.BigDecimal b) {
      return b.toPlainString();
    } else if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v.toString();
    } else if (v instanceof scala.collection.Map<?, ?> m) {
      List<String> entries = new ArrayList<>();
      scala.jdk.javaapi.CollectionConverters.asJava(m).forEach((k, x) -> entries.add(canonicalValue(k) + "=" + canonicalValue(x)));
      return "{" + String.join(",", entries.stream().sorted().toList()) + "}";
    } else if (v instanceof scala.collection.Seq<?> seq) {
      return "[" + String.join(",", scala.jdk.javaapi.CollectionConverters.asJava(seq).stream()
          .map(KernelTables::canonicalValue).toList()) + "]";
    }
    throw new IllegalArgumentException("no canonical text for Spark value " + v.getClass());
  }
}
