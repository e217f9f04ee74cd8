package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * A reference to a customer written as a contact detail instead of an id: a ticket whose customer
 * is the requester's email (a help desk keyed by email), a survey whose reference is the recipient's
 * email, or either a phone number. Kept as the customer id, the raw email or number would sit in
 * silver and gold, readable by every BI user and joined to no CRM id. An email reference is the
 * customer with that email in the night's CRM snapshot (the one customer; as a survey respondent's
 * email links), else {@code unknown_email}; a phone number is {@code phone_as_id}. The raw record
 * keeps the reference as it came (masked in the quarantine like any contact detail).
 */
public final class ContactReferences {

  /** The id of the customer whose email an email reference is; NULL for any other reference. */
  public static final String LINKED_ID = "_email_reference_customer_id";

  private ContactReferences() {}

  /** A whole value that is an email address (something@domain.tld, no spaces). */
  public static Column isEmail(Column ref) {
    return coalesce(ref.rlike("^[^\\s@]{1,64}@[^\\s@]{1,253}\\.[^\\s@.]{2,63}$"), lit(false));
  }

  /**
   * A whole value that is written as a phone number: 7 to 26 characters of digits with spaces,
   * dots, dashes or parentheses between, and a leading + or a space or parenthesis among them. Ids
   * of digits alone, or of digits and dashes (1234567, 10-2345678), are ids.
   */
  public static Column isPhone(Column ref) {
    return coalesce(ref.rlike("^\\+?\\(?\\d[\\d\\s().-]{5,24}\\d$").and(ref.rlike("^\\+|[\\s()]")), lit(false));
  }

  /**
   * The emails of the {@code customers} (customer_id, email) that one customer has, lower case:
   * {@code _link_email}, {@code _linked_id}. An email several customers share links nobody.
   */
  static Dataset<Row> uniqueEmails(Dataset<Row> customers) {
    Column email = lower(trim(col("email")));
    return customers.filter(email.isNotNull().and(email.notEqual("")))
        .groupBy(email.as("_link_email"))
        .agg(countDistinct(col("customer_id")).as("_customers"), min(col("customer_id")).as("_linked_id"))
        .filter(col("_customers").equalTo(1))
        .drop("_customers");
  }

  /** {@code raw} with {@link #LINKED_ID}: for a {@code ref} that is an email, its customer's id. */
  public static Dataset<Row> link(Dataset<Row> raw, String ref, Dataset<Row> customers) {
    Column r = Checks.clean(col(ref));
    return raw.join(uniqueEmails(customers), isEmail(r).and(lower(r).equalTo(col("_link_email"))), "left")
        .withColumnRenamed("_linked_id", LINKED_ID)
        .drop("_link_email");
  }

  /**
   * The reference as an id: an email replaced by its customer's id ({@link #LINKED_ID}; NULL when
   * there is none, or when the frame was not linked).
   */
  public static Column resolved(Dataset<Row> typed, Column ref) {
    Column linked = Arrays.asList(typed.columns()).contains(LINKED_ID)
        ? col(LINKED_ID) : lit(null).cast(DataTypes.StringType);
    return when(isEmail(ref), linked).otherwise(ref);
  }
}
