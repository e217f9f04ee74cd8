package com.experiencewarehouse.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import com.experiencewarehouse.bronze.Checks;
import com.experiencewarehouse.bronze.ContactReferences;
import com.experiencewarehouse.bronze.CrmAccountsBronze;
import com.experiencewarehouse.bronze.CrmCustomersBronze;
import com.experiencewarehouse.bronze.CrmOpportunitiesBronze;
import com.experiencewarehouse.bronze.CrmTicketsBronze;
import com.experiencewarehouse.bronze.Ga4EventsBronze;
import com.experiencewarehouse.bronze.SurveyAnswersBronze;
import com.experiencewarehouse.config.Settings;
import com.experiencewarehouse.io.Quarantine;
import com.experiencewarehouse.privacy.ForgottenKeys;
import com.experiencewarehouse.privacy.KeyedHash;
import com.experiencewarehouse.io.RunAudit.SourceCounts;
import com.experiencewarehouse.io.Warehouse;
import com.experiencewarehouse.sources.crm.CrmExports;
import com.experiencewarehouse.sources.crm.SalesforceExport;
import com.experiencewarehouse.sources.WebEvents;
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

  /** One source of the night: its validated rows (cached), the rows bronze takes, where they go. */
  private record Source(String name, Dataset<Row> validated, Dataset<Row> accepted, String table,
      String partition) {}

  /**
   * The source without the rows of forgotten people (xw forget): neither written nor quarantined,
   * counted as forgotten. Applied after the rows linked surveys and cases, so a forgotten person's
   * answers, found by their email, go too.
   */
  private Source withoutForgotten(Source src, ForgottenKeys forgotten, Map<String, Long> dropped) {
    if (forgotten.isEmpty()) {
      return src;
    }
    // A quarantined row's typed columns may be empty (a malformed line): its raw record names them.
    Column theirs = forgotten.personIn(java.util.Arrays.asList(src.validated().columns()))
        .or(col(Checks.REASON).isNotNull().and(forgotten.mentionedIn(col(Checks.RAW_RECORD))));
    dropped.put(src.name(), src.validated().filter(theirs).count());
    Column kept = not(theirs);
    return new Source(src.name(), src.validated().filter(kept), src.accepted().filter(kept), src.table(),
        src.partition());
  }

  List<SourceCounts> load(LocalDate date, NightlyJob.Inputs in, String runId) {
    Settings.SourceSettings s = settings.sources();
    Checks.PlausibleTimes times = Checks.PlausibleTimes.of(settings.quarantine().earliestEventDate(),
        settings.quarantine().eventDaysAfterDate(), date);
    List<Dataset<Row>> persisted = new ArrayList<>();
    Dataset<Row> web = keep(persisted,
        Ga4EventsBronze.validate(WebEvents.read(spark, in.web(), s.webTimeZone()), date));
    List<Source> sources = new ArrayList<>();
    SalesforceExport.Files sf = in.crm().salesforce();
    Dataset<Row> customersRaw = in.crm().isSalesforce()
        ? salesforceCustomers(sf, persisted, sources)
        : CrmExports.readCustomers(spark, s, in.crm().customers());
    Dataset<Row> customers = keep(persisted, CrmCustomersBronze.validate(customersRaw));
    // Cases name their contact: its customer id comes from the (cached) customer rows.
    Dataset<Row> ticketsRaw = in.crm().isSalesforce()
        ? SalesforceExport.tickets(spark, sf, s.salesforce(), customers)
        : CrmExports.readTickets(spark, s, in.crm().tickets());
    Dataset<Row> known = CrmCustomersBronze.accepted(customers);
    Dataset<Row> tickets = keep(persisted, CrmTicketsBronze.validate(
        ContactReferences.link(ticketsRaw, "customer_id", known), s.crmTimeZone(), times));
    Dataset<Row> answersRaw = SurveyExports.read(spark, in.surveys(), settings.sources().multiLineRecords());
    if (SurveyExports.linksByEmail(s)) {
      answersRaw = SurveyAnswersBronze.linkByEmail(answersRaw, known);
    }
    answersRaw = ContactReferences.link(answersRaw, "customer_ref", known);
    Dataset<Row> answers = keep(persisted, SurveyAnswersBronze.validate(answersRaw, times));
    sources.addAll(0, List.of(
        new Source(Ga4EventsBronze.SOURCE, web, Ga4EventsBronze.accepted(web), Ga4EventsBronze.TABLE, "event_date"),
        new Source(CrmCustomersBronze.SOURCE, customers, CrmCustomersBronze.accepted(customers),
            CrmCustomersBronze.TABLE, "snapshot_date"),
        new Source(CrmTicketsBronze.SOURCE, tickets, CrmTicketsBronze.accepted(tickets), CrmTicketsBronze.TABLE,
            "export_date"),
        new Source(SurveyAnswersBronze.SOURCE, answers, SurveyAnswersBronze.accepted(answers),
            SurveyAnswersBronze.TABLE, "export_date")));

    ForgottenKeys forgotten = ForgottenKeys.load(warehouse, new KeyedHash(settings.pii().hashKey()));
    Map<String, Long> dropped = new java.util.HashMap<>();
    sources.replaceAll(src -> withoutForgotten(src, forgotten, dropped));
    // The sources' bronze tables are independent: written at once.
    ConcurrentSteps.run(settings.spark().concurrentSteps(), sources.stream()
        .map(src -> (Runnable) () -> writeBronze(src, runId, date)).toList());
    Dataset<Row> allRejected = null;
    for (Source src : sources) {
      Dataset<Row> r = Quarantine.rows(src.validated(), src.name(), date, settings.quarantine().maskPii());
      allRejected = allRejected == null ? r : allRejected.unionByName(r);
    }
    warehouse.replace(Quarantine.TABLE, Quarantine.withRunMetadata(allRejected, runId),
        "load_date = '" + date + "'", "load_date");

    Map<String, Map<String, Long>> reasons = Quarantine.countsByReason(warehouse.read(Quarantine.TABLE), date);
    List<SourceCounts> counts = new ArrayList<>();
    for (Source src : sources) {
      counts.add(count(src, date, reasons, dropped.getOrDefault(src.name(), 0L)));
    }
    persisted.forEach(Dataset::unpersist);
    for (SourceCounts c : counts) {
      progress.line(String.format("bronze %-15s read %d, written %d, quarantined %d", c.source(), c.read(),
          c.written(), c.quarantined()) + (c.forgotten() > 0 ? ", forgotten " + c.forgotten() : ""));
    }
    return counts;
  }

  /**
   * Salesforce contacts as raw customers, with their accounts' fields and won revenue. Accounts and
   * opportunities are sources of their own (added to {@code sources}); customers take the checked ones.
   */
  private Dataset<Row> salesforceCustomers(SalesforceExport.Files sf, List<Dataset<Row>> persisted,
      List<Source> sources) {
    Dataset<Row> accounts = null;
    Dataset<Row> opportunities = null;
    if (!sf.accounts().files().isEmpty()) {
      Dataset<Row> v = keep(persisted, CrmAccountsBronze.validate(SalesforceExport.readAccounts(spark, sf.accounts())));
      accounts = CrmAccountsBronze.accepted(v);
      sources.add(new Source(CrmAccountsBronze.SOURCE, v, accounts, CrmAccountsBronze.TABLE, "snapshot_date"));
    }
    if (!sf.opportunities().files().isEmpty()) {
      Dataset<Row> v = keep(persisted,
          CrmOpportunitiesBronze.validate(SalesforceExport.readOpportunities(spark, sf.opportunities())));
      opportunities = CrmOpportunitiesBronze.accepted(v);
      sources.add(new Source(CrmOpportunitiesBronze.SOURCE, v, opportunities, CrmOpportunitiesBronze.TABLE,
          "export_date"));
    }
    return SalesforceExport.customers(spark, sf, settings.sources().salesforce(), accounts, opportunities);
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

  private void writeBronze(Source src, String runId, LocalDate date) {
    Dataset<Row> rows = src.accepted();
    Dataset<Row> dated = java.util.Arrays.asList(rows.columns()).contains(src.partition())
        ? rows : rows.select(lit(date).as(src.partition()), col("*"));
    warehouse.replace(src.table(), dated
        .withColumn("_run_id", lit(runId))
        .withColumn("_ingested_at", current_timestamp()),
        src.partition() + " = '" + date + "'", src.partition());
  }

  /** Rows read (from the validated input) against rows found in the table after the write. */
  private SourceCounts count(Source src, LocalDate date, Map<String, Map<String, Long>> reasons, long forgotten) {
    long read = src.validated().count() + forgotten;
    long written = warehouse.read(src.table()).filter(col(src.partition()).equalTo(lit(date))).count();
    return new SourceCounts(src.name(), read, written, reasons.getOrDefault(src.name(), Map.of()), forgotten);
  }

}
