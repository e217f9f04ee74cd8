package com.experiencewarehouse.sources;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import com.experiencewarehouse.config.Settings.CsvSource;
import com.experiencewarehouse.config.Settings.MultiLineRecords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a CSV export as raw strings under the logical field names of the source's column mapping,
 * plus {@code _corrupt_record} (malformed lines), {@code _source_file} and {@code _row_seq}
 * (file order). Typing and validation happen in bronze, so a bad value becomes a quarantine row
 * instead of a silent null.
 */
public final class CsvExportReader {

  public static final String CORRUPT = "_corrupt_record";

  /**
   * Fields a CSV line may have before the reader gives up on the file. Spark's default (20 480) made
   * one over-wide line fail the night; up to this many, such a line is a malformed_record row. The
   * parser holds an array of this size per open file (1 MB), so it is not unbounded.
   */
  public static final int MAX_FIELDS_PER_LINE = 262_144;

  /**
   * Columns a header row may have. An export with more is not one this reader takes: planning a
   * read of 100 000 columns takes longer than any night (and no vendor's export is that wide).
   */
  public static final int MAX_HEADER_COLUMNS = 20_480;

  private CsvExportReader() {}

  /**
   * @param fields the source's logical fields in output order; {@code required} must be mapped to a
   *     header column of every file, the others become null when their column is absent.
   */
  public static Dataset<Row> read(SparkSession spark, List<String> files, CsvSource source,
      List<String> fields, List<String> required, String what) {
    return read(spark, files, source, fields, required, what, null);
  }

  /**
   * As {@link #read(SparkSession, List, CsvSource, List, List, String)}, plus the column
   * {@code lineColumn}: each row's line rebuilt from all its header columns ({@link #line}).
   */
  public static Dataset<Row> readWithLine(SparkSession spark, List<String> files, CsvSource source,
      List<String> fields, List<String> required, String what, String lineColumn) {
    return read(spark, files, source, fields, required, what, lineColumn);
  }

  private static Dataset<Row> read(SparkSession spark, List<String> files, CsvSource source,
      List<String> fields, List<String> required, String what, String lineColumn) {
    List<String> columns = header(spark, files, source, required, what);
    Dataset<Row> df = readByHeader(spark, files, columns, null);
    List<Column> out = new ArrayList<>();
    Map<String, String> mapping = source.columns();
    for (String field : fields) {
      String name = mapping.get(field);
      out.add(name != null && columns.contains(name)
          ? col(quote(name)).as(field)
          : org.apache.spark.sql.functions.lit(null).cast(DataTypes.StringType).as(field));
    }
    out.add(col(CORRUPT));
    out.add(col("_source_file"));
    out.add(monotonically_increasing_id().as("_row_seq"));
    if (lineColumn != null) {
      out.add(line(columns).as(lineColumn));
    }
    return df.select(out.toArray(new Column[0]));
  }

  /**
   * The CSV line of a row, rebuilt from every header column in header order, as RFC 4180 writers
   * with minimal quoting (Python's csv, Spark, spreadsheets) write it: a field quoted, its quotes
   * doubled, exactly when it holds a comma, a quote or a line break. Rebuilt rather than read a
   * second time as text: the two reads would have to be joined back row by row, with only a row's
   * position in its file to join on, which the CSV reader does not give. For such files the line
   * equals the file's; it differs where the file quoted a field needing no quotes (the quotes are
   * dropped; an empty "" too, which the reader takes as absent) or ended lines with CRLF (the CR
   * is not part of a field).
   */
  public static Column line(List<String> columns) {
    Column[] fields = columns.stream().map(c -> csvField(col(quote(c)))).toArray(Column[]::new);
    return org.apache.spark.sql.functions.concat_ws(",", fields);
  }

  private static Column csvField(Column value) {
    Column quoted = org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.lit("\""),
        org.apache.spark.sql.functions.replace(value, org.apache.spark.sql.functions.lit("\""),
            org.apache.spark.sql.functions.lit("\"\"")),
        org.apache.spark.sql.functions.lit("\""));
    return org.apache.spark.sql.functions.when(value.isNull(), org.apache.spark.sql.functions.lit(""))
        .when(value.rlike("[,\"\r\n]"), quoted)
        .otherwise(value);
  }

  /**
   * Files whose header row is {@code columns}, as rows of those columns (all strings) plus
   * {@code _corrupt_record} and {@code _source_file}; with {@code multiLine} limits, quoted values
   * may hold line breaks (a file is then read by one task), null = one record per line.
   */
  public static Dataset<Row> readByHeader(SparkSession spark, List<String> files, List<String> columns,
      MultiLineRecords multiLine) {
    // The header's own names, all strings: Spark applies them by position (enforceSchema).
    List<StructField> raw = new ArrayList<>();
    for (String c : columns) {
      raw.add(DataTypes.createStructField(c, DataTypes.StringType, true));
    }
    raw.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
    return readRaw(spark, new StructType(raw.toArray(new StructField[0])), files, true, multiLine);
  }

  /**
   * CSV files as rows of {@code schema} (all strings, by position, the last one
   * {@code _corrupt_record}; with {@code header} the first record is skipped, and should carry the
   * schema's names) plus {@code _source_file}. Each file is read in its detected encoding. With
   * {@code multiLine} limits a record may span lines within them ({@link MultiLineCsv}; a file is
   * then one task); null: one record per line, and a UTF-8 file is split among tasks.
   */
  public static Dataset<Row> readRaw(SparkSession spark, StructType schema, List<String> files, boolean header,
      MultiLineRecords multiLine) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> byLine = new ArrayList<>();
    List<String> byRecord = new ArrayList<>();
    for (String f : files) {
      // Lines are split on byte 0x0A, which is half a character in UTF-16: those are read here.
      boolean utf8 = InputFiles.encoding(hadoop, f).equals(StandardCharsets.UTF_8);
      (multiLine == null && utf8 ? byLine : byRecord).add(f);
    }
    Dataset<Row> df = null;
    if (!byLine.isEmpty()) {
      df = spark.read()
          .option("header", String.valueOf(header))
          .option("enforceSchema", "true")
          .option("mode", "PERMISSIVE")
          .option("columnNameOfCorruptRecord", CORRUPT)
          .option("maxColumns", Integer.toString(MAX_FIELDS_PER_LINE))
          .option("multiLine", "false")
          // RFC 4180: a quote inside a quoted field is doubled ("Ann ""The Boss"" Lee").
          .option("escape", "\"")
          .option("encoding", "UTF-8")
          .schema(schema)
          .csv(byLine.toArray(new String[0]));
      // _metadata is resolved per read, before the parts are put together.
      df = df.select(col("*"), col("_metadata.file_path").as("_source_file"));
    }
    if (!byRecord.isEmpty()) {
      Dataset<Row> part = byRecords(spark, schema, byRecord, header,
          multiLine == null ? MultiLineRecords.ONE_LINE : multiLine);
      df = df == null ? part : df.unionByName(part);
    }
    return df;
  }

  /** Files read record by record by {@link MultiLineCsv}, one task per file, in file order. */
  private static Dataset<Row> byRecords(SparkSession spark, StructType schema, List<String> files, boolean header,
      MultiLineRecords limits) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    // The Hadoop settings (file systems, credentials, codecs) as the tasks need them.
    Map<String, String> conf = new java.util.HashMap<>();
    hadoop.forEach(e -> conf.put(e.getKey(), e.getValue()));
    List<String[]> named = new ArrayList<>();
    for (String f : files) {
      named.add(new String[] {f, sparkFilePath(hadoop, f)});
    }
    int columns = schema.size() - 1;
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(named, named.size())
        .flatMap(file -> {
          Configuration c = new Configuration(false);
          conf.forEach(c::set);
          java.util.Iterator<MultiLineCsv.Record> records =
              MultiLineCsv.records(InputFiles.reader(c, file[0]), columns, limits);
          if (header && records.hasNext()) {
            records.next();
          }
          return new java.util.Iterator<Row>() {
            @Override
            public boolean hasNext() {
              return records.hasNext();
            }

            @Override
            public Row next() {
              MultiLineCsv.Record r = records.next();
              Object[] values = new Object[columns + 2];
              if (r.fields() != null) {
                System.arraycopy(r.fields(), 0, values, 0, columns);
              }
              values[columns] = r.corrupt();
              values[columns + 1] = file[1];
              return RowFactory.create(values);
            }
          };
        });
    return spark.createDataFrame(rows, schema.add("_source_file", DataTypes.StringType, true));
  }

  /**
   * A file's name as Spark's readers give it in {@code _metadata.file_path}: qualified, URL-encoded,
   * and without "//" when there is no authority (file:/data/x%20y.csv).
   */
  private static String sparkFilePath(Configuration hadoop, String file) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file);
    try {
      java.net.URI uri = p.getFileSystem(hadoop).makeQualified(p).toUri();
      String authority = uri.getRawAuthority();
      return uri.getScheme() + ":" + (authority == null || authority.isEmpty() ? "" : "//" + authority)
          + uri.getRawPath();
    } catch (java.io.IOException e) {
      throw new InputFiles.BadInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** A CSV source's files for a date (ROOT/DIR/date/PATTERN), found and their headers checked. */
  public static List<String> files(SparkSession spark, String root, CsvSource source,
      List<String> required, java.time.LocalDate date, String what) {
    List<String> files = InputFiles.list(spark.sparkContext().hadoopConfiguration(),
        InputFiles.dateFolder(root, source.dir(), date), InputFiles.expand(source.pattern(), date), what);
    header(spark, files, source, required, what);
    return files;
  }

  /**
   * The files' common header row; fails (exit 2, before anything is written) when a file is empty,
   * the files of one date disagree, or a required field's column is missing.
   */
  public static List<String> header(SparkSession spark, List<String> files, CsvSource source,
      List<String> required, String what) {
    List<String> columns = commonHeader(spark, files, what);
    List<String> missing = new ArrayList<>();
    for (String field : required) {
      String name = source.columns().get(field);
      if (name == null || !columns.contains(name)) {
        missing.add("no column '" + name + "' (mapped from field " + field + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new InputFiles.BadInputException(what + " file " + files.get(0) + " has " + String.join(", ", missing));
    }
    return columns;
  }

  /**
   * A note naming the optional fields mapped to a column the files lack (read as NULL), or none:
   * a silent NULL would pass for a value the export does not have.
   */
  public static java.util.Optional<String> absentOptional(SparkSession spark, List<String> files, CsvSource source,
      List<String> fields, String what) {
    if (files.isEmpty()) {
      return java.util.Optional.empty();
    }
    List<String> columns = commonHeader(spark, files, what);
    List<String> absent = new ArrayList<>();
    for (String field : fields) {
      String name = source.columns().getOrDefault(field, "");
      if (!name.isEmpty() && !columns.contains(name)) {
        absent.add("'" + name + "' (" + field + ")");
      }
    }
    return absent.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(what + " files have no column "
        + String.join(", ", absent) + ": read as NULL (map a field to \"\" when the export has no such column)");
  }

  /** The shape {@link #read} gives, without rows: the night of an optional source that sent nothing. */
  public static Dataset<Row> empty(SparkSession spark, List<String> fields) {
    StructType schema = new StructType();
    for (String f : fields) {
      schema = schema.add(f, DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true).add("_source_file", DataTypes.StringType, true)
        .add("_row_seq", DataTypes.LongType, false);
    return spark.createDataFrame(java.util.List.of(), schema);
  }

  /**
   * The files' common header row as column names; fails (exit 2) when a file is empty or the files
   * of one date disagree.
   */
  public static List<String> commonHeader(SparkSession spark, List<String> files, String what) {
    String header = null;
    for (String file : files) {
      String h = InputFiles.firstLine(spark.sparkContext().hadoopConfiguration(), file);
      if (h == null) {
        throw new InputFiles.BadInputException("empty " + what + " file (no header row): " + file);
      }
      if (header != null && !header.equals(h)) {
        throw new InputFiles.BadInputException(
            what + " files of one date have different header rows: " + file);
      }
      if (header == null) {
        // Counted once per date (the files must agree): commas outside quotes bound the columns.
        List<String> columns = CsvHeader.parse(h);
        if (columns.size() > MAX_HEADER_COLUMNS) {
          throw new InputFiles.BadInputException(what + " file " + file + " has a header row of " + columns.size()
              + " columns, more than the " + MAX_HEADER_COLUMNS + " an export may have here: not an export this "
              + "reader takes (check the file and its delimiter)");
        }
      }
      header = h;
    }
    return CsvHeader.parse(header);
  }

  /** A header name as a column reference (names may hold spaces, dots or backticks). */
  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
