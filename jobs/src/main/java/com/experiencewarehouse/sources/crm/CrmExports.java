package com.experiencewarehouse.sources.crm;

import com.experiencewarehouse.config.Settings.SourceSettings;
import com.experiencewarehouse.sources.CsvExportReader;
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
  }

  /** The date's CRM files, their headers checked (exit 2 when unusable). */
  public static Files files(SparkSession spark, SourceSettings s, LocalDate date) {
    return s.isSalesforce()
        ? new Files(List.of(), List.of(), SalesforceExport.files(spark, s, date))
        : new Files(customerFiles(spark, s, date), ticketFiles(spark, s, date), null);
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
    return CsvExportReader.read(spark, files, s.customers(), CUSTOMER_FIELDS, CUSTOMER_REQUIRED,
        "CRM customers");
  }

  public static Dataset<Row> readTickets(SparkSession spark, SourceSettings s, List<String> files) {
    return CsvExportReader.read(spark, files, s.tickets(), TICKET_FIELDS, TICKET_REQUIRED,
        "CRM tickets");
  }
}
