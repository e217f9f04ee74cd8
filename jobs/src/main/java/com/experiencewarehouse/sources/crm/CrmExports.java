package com.experiencewarehouse.sources.crm;

import com.experiencewarehouse.config.Settings.SourceSettings;
import com.experiencewarehouse.sources.CsvExportReader;
import com.experiencewarehouse.sources.InputFiles;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The CRM's CSV exports (customers snapshot, support tickets): logical fields and readers. */
public final class CrmExports {

  /** Customer snapshot fields, in output order. */
  public static final List<String> CUSTOMER_FIELDS = List.of(
      "customer_id", "email", "full_name", "phone", "segment", "plan", "region", "signup_date",
      "status", "churn_date", "lifetime_value", "owner", "is_deleted");
  public static final List<String> CUSTOMER_REQUIRED = List.of("customer_id", "segment", "status");

  public static final List<String> TICKET_FIELDS = List.of(
      "ticket_id", "customer_id", "opened_at", "first_response_at", "closed_at", "channel",
      "category", "status", "reopened", "is_deleted");
  public static final List<String> TICKET_REQUIRED = List.of("ticket_id", "customer_id", "opened_at");

  private CrmExports() {}

  /**
   * The CRM files of a night: customers and tickets CSVs, or (format salesforce) the Salesforce
   * object exports, {@code customers} and {@code tickets} then empty.
   */
  public record Files(List<String> customers, List<String> tickets, SalesforceExport.Files salesforce) {

    public boolean isSalesforce() {
      return salesforce != null;
    }

    /** No CRM input tonight (an optional CRM without files): no customers, no tickets. */
    public static final Files NONE = new Files(List.of(), List.of(), null);
  }

  /**
   * The date's CRM files, their headers checked; problems (exit 2) and notes (optional columns the
   * export lacks, an optional CRM without files) go to {@code problems}.
   */
  public static Files files(SparkSession spark, SourceSettings s, LocalDate date, InputFiles.Problems problems) {
    if (s.isSalesforce()) {
      SalesforceExport.Files sf = problems.checkOptional(s.isOptional("crm", ""), "crm",
          () -> SalesforceExport.files(spark, s, date), null);
      return sf == null ? Files.NONE : new Files(List.of(), List.of(), sf);
    }
    // The customer snapshot tells whether the CRM sent anything tonight; then tickets must come too.
    List<String> customers = problems.checkOptional(s.isOptional("crm", ""), "crm",
        () -> customerFiles(spark, s, date), null);
    if (customers == null) {
      return Files.NONE;
    }
    // A CRM without a ticket export (tickets.pattern = ""): no tickets, every night.
    List<String> tickets = s.tickets().pattern().isEmpty() ? List.of()
        : problems.check(() -> ticketFiles(spark, s, date), List.of());
    problems.check(() -> CsvExportReader.absentOptional(spark, customers, s.customers(), CUSTOMER_FIELDS,
        "CRM customers"), java.util.Optional.<String>empty()).ifPresent(problems::note);
    problems.check(() -> CsvExportReader.absentOptional(spark, tickets, s.tickets(), TICKET_FIELDS,
        "CRM tickets"), java.util.Optional.<String>empty()).ifPresent(problems::note);
    return new Files(customers, tickets, null);
  }

  /** The date's customer files, their header checked. */
  public static List<String> customerFiles(SparkSession spark, SourceSettings s, LocalDate date) {
    return CsvExportReader.files(spark, s.root(), s.customers(), CUSTOMER_REQUIRED, date, "CRM customers");
  }

  /** The date's ticket files, their header checked. */
  public static List<String> ticketFiles(SparkSession spark, SourceSettings s, LocalDate date) {
    return CsvExportReader.files(spark, s.root(), s.tickets(), TICKET_REQUIRED, date, "CRM tickets");
  }

  public static Dataset<Row> readCustomers(SparkSession spark, SourceSettings s, List<String> files) {
    return files.isEmpty() ? CsvExportReader.empty(spark, CUSTOMER_FIELDS)
        : CsvExportReader.read(spark, files, s.customers(), CUSTOMER_FIELDS, CUSTOMER_REQUIRED, "CRM customers");
  }

  public static Dataset<Row> readTickets(SparkSession spark, SourceSettings s, List<String> files) {
    return files.isEmpty() ? CsvExportReader.empty(spark, TICKET_FIELDS)
        : CsvExportReader.read(spark, files, s.tickets(), TICKET_FIELDS, TICKET_REQUIRED, "CRM tickets");
  }
}
