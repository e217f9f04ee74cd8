package com.experiencewarehouse.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import com.experiencewarehouse.bronze.Checks;
import com.experiencewarehouse.bronze.CrmCustomersBronze;
import com.experiencewarehouse.bronze.CrmTicketsBronze;
import com.experiencewarehouse.bronze.Ga4EventsBronze;
import com.experiencewarehouse.bronze.SurveyAnswersBronze;
import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.io.Quarantine;
import com.experiencewarehouse.io.RunAudit.SourceCounts;
import com.experiencewarehouse.io.Warehouse;
import com.experiencewarehouse.sources.crm.CrmExports;
import com.experiencewarehouse.sources.ga4.Ga4Export;
import com.experiencewarehouse.sources.survey.SurveyExports;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/** The bronze step of a night: each source read once, typed, validated, written or quarantined. */
final class BronzeLoad {

  private final SparkSession spark;
  private final Settings settings;
  private final Warehouse warehouse;
  private final Progress progress;

  BronzeLoad(SparkSession spark, Settings settings, Warehouse warehouse, Progress progress) {
    this.spark = spark;
    this.settings = settings;
    this.warehouse = warehouse;
    this.progress = progress;
  }

  List<SourceCounts> load(LocalDate date, NightlyJob.Inputs in, String runId) {
    Settings.SourceSettings s = settings.sources();
    List<SourceCounts> counts = new ArrayList<>();
    List<Dataset<Row>> rejected = new ArrayList<>();
    List<Dataset<Row>> persisted = new ArrayList<>();
    String day = "'" + date + "'";

    Dataset<Row> web = keep(persisted, Ga4EventsBronze.validate(Ga4Export.read(spark, in.web()), date));
    writeBronze(Ga4EventsBronze.TABLE, Ga4EventsBronze.accepted(web), runId, "event_date = " + day, "event_date", date);
    rejected.add(Quarantine.rows(web, Ga4EventsBronze.SOURCE, date));

    Dataset<Row> customers = keep(persisted, CrmCustomersBronze.validate(CrmExports.readCustomers(spark, s, in.customers())));
    writeBronze(CrmCustomersBronze.TABLE, CrmCustomersBronze.accepted(customers), runId, "snapshot_date = " + day, "snapshot_date", date);
    rejected.add(Quarantine.rows(customers, CrmCustomersBronze.SOURCE, date));

    Dataset<Row> tickets = keep(persisted, CrmTicketsBronze.validate(CrmExports.readTickets(spark, s, in.tickets())));
    writeBronze(CrmTicketsBronze.TABLE, CrmTicketsBronze.accepted(tickets), runId, "export_date = " + day, "export_date", date);
    rejected.add(Quarantine.rows(tickets, CrmTicketsBronze.SOURCE, date));

    Dataset<Row> answers = keep(persisted, SurveyAnswersBronze.validate(SurveyExports.read(spark, s, in.surveys())));
    writeBronze(SurveyAnswersBronze.TABLE, SurveyAnswersBronze.accepted(answers), runId, "export_date = " + day, "export_date", date);
    rejected.add(Quarantine.rows(answers, SurveyAnswersBronze.SOURCE, date));

    Dataset<Row> allRejected = rejected.get(0);
    for (Dataset<Row> r : rejected.subList(1, rejected.size())) {
      allRejected = allRejected.unionByName(r);
    }
    warehouse.replace(Quarantine.TABLE, Quarantine.withRunMetadata(allRejected, runId),
        "load_date = " + day, "load_date");

    Map<String, Map<String, Long>> reasons = Quarantine.countsByReason(warehouse.read(Quarantine.TABLE), date);
    counts.add(count(Ga4EventsBronze.SOURCE, web, Ga4EventsBronze.TABLE, col("event_date"), date, reasons));
    counts.add(count(CrmCustomersBronze.SOURCE, customers, CrmCustomersBronze.TABLE, col("snapshot_date"), date, reasons));
    counts.add(count(CrmTicketsBronze.SOURCE, tickets, CrmTicketsBronze.TABLE, col("export_date"), date, reasons));
    counts.add(count(SurveyAnswersBronze.SOURCE, answers, SurveyAnswersBronze.TABLE, col("export_date"), date, reasons));
    persisted.forEach(Dataset::unpersist);
    for (SourceCounts c : counts) {
      progress.line(String.format("bronze %-15s read %d, written %d, quarantined %d",
          c.source(), c.read(), c.written(), c.quarantined()));
    }
    return counts;
  }

  /**
   * Validated rows are used three times (bronze, quarantine, counts): read the files once. The
   * reasons are final here, so good rows drop their raw record before the cache.
   */
  private static Dataset<Row> keep(List<Dataset<Row>> persisted, Dataset<Row> validated) {
    Dataset<Row> p = Checks.rawRecordOnlyWhenRejected(validated).persist(StorageLevel.MEMORY_AND_DISK());
    persisted.add(p);
    return p;
  }

  private void writeBronze(String table, Dataset<Row> rows, String runId, String predicate,
      String partition, LocalDate date) {
    Dataset<Row> dated = java.util.Arrays.asList(rows.columns()).contains(partition)
        ? rows : rows.select(lit(date).as(partition), col("*"));
    warehouse.replace(table, dated
        .withColumn("_run_id", lit(runId))
        .withColumn("_ingested_at", current_timestamp()), predicate, partition);
  }

  /** Rows read (from the validated input) against rows found in the tables after the writes. */
  private SourceCounts count(String source, Dataset<Row> validated, String table, Column partition,
      LocalDate date, Map<String, Map<String, Long>> reasons) {
    long read = validated.count();
    long written = warehouse.read(table).filter(partition.equalTo(lit(date))).count();
    return new SourceCounts(source, read, written, reasons.getOrDefault(source, Map.of()));
  }

}
