package com.experiencewarehouse.sources.crm;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.sum;

import com.experiencewarehouse.config.Settings.MultiLineRecords;
import com.experiencewarehouse.config.Settings.SalesforceSettings;
import com.experiencewarehouse.config.Settings.SourceSettings;
import com.experiencewarehouse.sources.CsvExportReader;
import com.experiencewarehouse.sources.InputFiles;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Salesforce object exports (Account, Contact, Case, Opportunity CSVs with API field names as
 * headers, as Setup > Data Export or Data Loader write them), read into the CRM's logical shape:
 * accounts and opportunities as their own raw rows, contacts as customers (with their account's
 * fields and won revenue), cases as tickets (linked to their contact's customer id). Values stay
 * text; bronze types and checks them. Ids and lookups are made 18-character ids
 * ({@link SalesforceIds}).
 */
public final class SalesforceExport {

  public static final String ACCOUNT = "Account";
  public static final String CONTACT = "Contact";
  public static final String CASE = "Case";
  public static final String OPPORTUNITY = "Opportunity";
  /** The contact's Id beside each raw customer row. */
  public static final String CONTACT_ID = "_contact_id";
  /** The customer field reference that sums the account's won opportunities. */
  public static final String WON_AMOUNT = "Opportunity.Amount";

  public static final List<String> ACCOUNT_FIELDS = List.of("account_id", "is_deleted");
  public static final List<String> OPPORTUNITY_FIELDS = List.of(
      "opportunity_id", "account_id", "amount", "is_won", "stage_name", "close_date", "is_deleted");

  private SalesforceExport() {}

  /**
   * One object's files of a date, their common header row (API field names), and how far a record
   * of them may run on (xw.sources.multi-line-records).
   */
  public record ObjectFiles(String object, List<String> files, List<String> header, MultiLineRecords records) {

    /** The header's name for an API field, matched case-insensitively (Data Loader upper-cases). */
    String name(String apiField) {
      for (String h : header) {
        if (h.equalsIgnoreCase(apiField)) {
          return h;
        }
      }
      return null;
    }
  }

  /** The night's object files; accounts and opportunities are empty when no field needs them. */
  public record Files(ObjectFiles accounts, ObjectFiles contacts, ObjectFiles cases, ObjectFiles opportunities) {}

  /** Finds each object's files and checks that every mapped field is in its header (exit 2). */
  public static Files files(SparkSession spark, SourceSettings s, LocalDate date) {
    SalesforceSettings sf = s.salesforce();
    String folder = InputFiles.dateFolder(s.root(), s.customers().dir(), date);
    Set<String> contactFields = new LinkedHashSet<>(List.of("Id"));
    Set<String> accountFields = new LinkedHashSet<>(List.of("Id"));
    boolean revenue = false;
    for (String ref : sf.customer().values()) {
      if (ref.equals(WON_AMOUNT)) {
        revenue = true;
      } else if (ref.startsWith(ACCOUNT + ".")) {
        accountFields.add(ref.substring(ACCOUNT.length() + 1));
      } else if (!ref.isEmpty()) {
        contactFields.add(ref.substring(CONTACT.length() + 1));
      }
    }
    boolean accounts = revenue || accountFields.size() > 1;
    if (accounts) {
      contactFields.add("AccountId");
    }
    Set<String> caseFields = new LinkedHashSet<>();
    sf.ticket().values().stream().filter(f -> !f.isEmpty()).forEach(caseFields::add);
    // The contacts first: without them the CRM sent nothing tonight (MissingInputException, which
    // an optional CRM takes as no input). Then every other object's problems, named at once.
    List<String> contactFiles = InputFiles.list(spark.sparkContext().hadoopConfiguration(), folder,
        InputFiles.expand(sf.contact(), date), "Salesforce " + CONTACT);
    InputFiles.Problems problems = new InputFiles.Problems();
    ObjectFiles none = new ObjectFiles("", List.of(), List.of(), s.multiLineRecords());
    ObjectFiles contacts = problems.check(() -> object(spark, contactFiles, CONTACT, contactFields, s.multiLineRecords()), none);
    ObjectFiles accountFiles = accounts
        ? problems.check(() -> object(spark, folder, sf.account(), date, ACCOUNT, accountFields, s.multiLineRecords()), none)
        : new ObjectFiles(ACCOUNT, List.of(), List.of(), s.multiLineRecords());
    ObjectFiles cases = problems.check(() -> object(spark, folder, sf.caseFiles(), date, CASE, caseFields, s.multiLineRecords()), none);
    ObjectFiles opportunities = revenue && !sf.opportunity().isEmpty()
        ? problems.check(() -> object(spark, folder, sf.opportunity(), date, OPPORTUNITY,
            new LinkedHashSet<>(List.of("Id", "AccountId", "Amount", "IsWon")), s.multiLineRecords()), none)
        : new ObjectFiles(OPPORTUNITY, List.of(), List.of(), s.multiLineRecords());
    problems.throwIfAny();
    return new Files(accountFiles, contacts, cases, opportunities);
  }

  private static ObjectFiles object(SparkSession spark, String folder, String pattern, LocalDate date,
      String object, Set<String> required, MultiLineRecords records) {
    return object(spark, InputFiles.list(spark.sparkContext().hadoopConfiguration(), folder,
        InputFiles.expand(pattern, date), "Salesforce " + object), object, required, records);
  }

  /** An object's files with their header, every mapped field in it (all missing ones named at once). */
  private static ObjectFiles object(SparkSession spark, List<String> files, String object, Set<String> required,
      MultiLineRecords records) {
    String what = "Salesforce " + object;
    ObjectFiles of = new ObjectFiles(object, files, CsvExportReader.commonHeader(spark, files, what), records);
    List<String> missing = required.stream().filter(field -> of.name(field) == null).sorted()
        .map(f -> "'" + f + "'").toList();
    if (!missing.isEmpty()) {
      throw new InputFiles.BadInputException(what + " file " + files.get(0) + " has no field "
          + String.join(", ", missing) + " (see xw.sources.crm.salesforce)");
    }
    return of;
  }

  /** An object's rows: header columns as text, {@code _corrupt_record}, {@code _source_file}, {@code _row_seq}. */
  private static Dataset<Row> rows(SparkSession spark, ObjectFiles of) {
    // Text fields (descriptions, addresses) hold line breaks.
    return CsvExportReader.readByHeader(spark, of.files(), of.header(), of.records())
        .withColumn("_row_seq", monotonically_increasing_id());
  }

  /** A field of an object's rows by API name; lookup ids (…Id) as 18-character ids; NULL when absent. */
  private static Column field(ObjectFiles of, String apiField) {
    String name = of.name(apiField);
    if (name == null) {
      return lit(null).cast(DataTypes.StringType);
    }
    Column c = col(CsvExportReader.quote(name));
    return isId(apiField) ? SalesforceIds.canonical(c) : c;
  }

  private static boolean isId(String apiField) {
    return apiField.equalsIgnoreCase("Id") || apiField.endsWith("Id");
  }

  /** Accounts: account_id, is_deleted, {@code fields} (every column by API name), and the row's metadata. */
  public static Dataset<Row> readAccounts(SparkSession spark, ObjectFiles accounts) {
    List<Column> entries = new ArrayList<>();
    for (String h : accounts.header()) {
      entries.add(lit(h));
      entries.add(col(CsvExportReader.quote(h)));
    }
    return rows(spark, accounts).select(
        field(accounts, "Id").as("account_id"),
        field(accounts, "IsDeleted").as("is_deleted"),
        map(entries.toArray(new Column[0])).as("fields"),
        col(CsvExportReader.CORRUPT), col("_source_file"), col("_row_seq"));
  }

  /** Opportunities: {@link #OPPORTUNITY_FIELDS} as text and the row's metadata. */
  public static Dataset<Row> readOpportunities(SparkSession spark, ObjectFiles opportunities) {
    return rows(spark, opportunities).select(
        field(opportunities, "Id").as("opportunity_id"),
        field(opportunities, "AccountId").as("account_id"),
        field(opportunities, "Amount").as("amount"),
        field(opportunities, "IsWon").as("is_won"),
        field(opportunities, "StageName").as("stage_name"),
        field(opportunities, "CloseDate").as("close_date"),
        field(opportunities, "IsDeleted").as("is_deleted"),
        col(CsvExportReader.CORRUPT), col("_source_file"), col("_row_seq"));
  }

  /**
   * Contacts as raw customers ({@link CrmExports#CUSTOMER_FIELDS}): Contact fields, the fields of
   * the contact's account among {@code accounts} (account_id, fields: checked bronze rows), and the
   * sum of the account's won opportunities among {@code opportunities} (account_id, amount, is_won).
   */
  public static Dataset<Row> customers(SparkSession spark, Files files, SalesforceSettings sf,
      Dataset<Row> accounts, Dataset<Row> opportunities) {
    ObjectFiles contacts = files.contacts();
    Dataset<Row> c = rows(spark, contacts).withColumn("_account_id", field(contacts, "AccountId"));
    if (!files.accounts().files().isEmpty()) {
      c = c.join(accounts.select(col("account_id").as("_acc_id"), col("fields").as("_account_fields")),
          col("_account_id").equalTo(col("_acc_id")), "left");
    }
    if (!files.opportunities().files().isEmpty()) {
      Dataset<Row> won = opportunities.filter(col("is_won"))
          .groupBy(col("account_id").as("_opp_account_id"))
          .agg(sum("amount").as("_won_amount"));
      c = c.join(won, col("_account_id").equalTo(col("_opp_account_id")), "left");
    }
    List<Column> out = new ArrayList<>();
    for (String f : CrmExports.CUSTOMER_FIELDS) {
      String ref = f.equals("is_deleted") ? CONTACT + ".IsDeleted" : sf.customer().getOrDefault(f, "");
      out.add(customerField(files, ref).as(f));
    }
    out.add(col(CsvExportReader.CORRUPT));
    out.add(col("_source_file"));
    out.add(col("_row_seq"));
    // Kept for the tickets' link (bronze's accepted rows leave it out).
    out.add(field(contacts, "Id").as(CONTACT_ID));
    return c.select(out.toArray(new Column[0]));
  }

  private static Column customerField(Files files, String ref) {
    Column none = lit(null).cast(DataTypes.StringType);
    if (ref.isEmpty()) {
      return none;
    }
    if (ref.equals(WON_AMOUNT)) {
      return files.opportunities().files().isEmpty() ? none : col("_won_amount").cast(DataTypes.StringType);
    }
    String apiField = ref.substring(ref.indexOf('.') + 1);
    if (ref.startsWith(CONTACT + ".")) {
      return field(files.contacts(), apiField);
    }
    Column v = element_at(col("_account_fields"), files.accounts().name(apiField));
    return isId(apiField) ? SalesforceIds.canonical(v) : v;
  }

  /**
   * Cases as raw tickets ({@link CrmExports#TICKET_FIELDS}); the customer is the case's contact's
   * customer_id (the contact's Id itself, or its External ID field as mapped), found among
   * {@code customers} (the night's customer rows: {@link #CONTACT_ID}, customer_id).
   */
  public static Dataset<Row> tickets(SparkSession spark, Files files, SalesforceSettings sf, Dataset<Row> customers) {
    ObjectFiles cases = files.cases();
    Map<String, String> t = sf.ticket();
    Dataset<Row> c = rows(spark, cases).withColumn("_case_contact_id", field(cases, t.get("contact")));
    Column customerId = col("_case_contact_id");
    if (!sf.customer().get("customer_id").equalsIgnoreCase(CONTACT + ".Id")) {
      // One customer id per contact (the export may repeat a contact; never multiply cases).
      Dataset<Row> ids = customers
          .filter(col("customer_id").isNotNull())
          .groupBy(col(CONTACT_ID).as("_cid")).agg(min(col("customer_id")).as("_customer_id"));
      c = c.join(ids, col("_case_contact_id").equalTo(col("_cid")), "left");
      customerId = col("_customer_id");
    }
    List<Column> out = new ArrayList<>();
    for (String f : CrmExports.TICKET_FIELDS) {
      String apiField = f.equals("is_deleted") ? "IsDeleted" : t.getOrDefault(f, "");
      out.add((f.equals("customer_id") ? customerId : apiField.isEmpty()
          ? lit(null).cast(DataTypes.StringType) : field(cases, apiField)).as(f));
    }
    out.add(col(CsvExportReader.CORRUPT));
    out.add(col("_source_file"));
    out.add(col("_row_seq"));
    return c.select(out.toArray(new Column[0]));
  }
}
