package com.experiencewarehouse.bronze;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.testing.Rows;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ContactReferencesTest {

  private static final StructType TICKETS = new StructType()
      .add("ticket_id", DataTypes.StringType).add("customer_id", DataTypes.StringType);
  private static final StructType CUSTOMERS = new StructType()
      .add("customer_id", DataTypes.StringType).add("email", DataTypes.StringType);

  @Test
  void anEmailReferenceIsItsCustomerAPhoneIsFlaggedAndIdsStayIds() {
    Dataset<Row> tickets = Rows.frame(TICKETS,
        new Object[] {"T1", "C0001"},                  // an id
        new Object[] {"T2", " Ann@Example.com "},      // C0001's email, in another case, with blanks
        new Object[] {"T3", "bo@example.com"},         // shared by two customers: nobody's
        new Object[] {"T4", "cy@example.com"},         // no customer's
        new Object[] {"T5", "+49 30 1234567"},         // a phone number
        new Object[] {"T6", "(030) 123-4567"},         // a phone number
        new Object[] {"T7", "1234567"},                // digits only: an id
        new Object[] {"T8", "10-2345678"},             // digits and a dash: an id
        new Object[] {"T9", null});
    Dataset<Row> customers = Rows.frame(CUSTOMERS,
        new Object[] {"C0001", "ann@example.com"},
        new Object[] {"C0002", "bo@example.com"},
        new Object[] {"C0003", "BO@example.com"});
    Dataset<Row> linked = ContactReferences.link(tickets, "customer_id", customers);
    Dataset<Row> out = linked.select(col("ticket_id"),
        ContactReferences.resolved(linked, Checks.clean(col("customer_id"))).as("resolved"),
        ContactReferences.isEmail(Checks.clean(col("customer_id"))).as("is_email"),
        ContactReferences.isPhone(Checks.clean(col("customer_id"))).as("is_phone"));
    assertEquals(out.schema(), new StructType().add("ticket_id", DataTypes.StringType)
        .add("resolved", DataTypes.StringType).add("is_email", DataTypes.BooleanType, false)
        .add("is_phone", DataTypes.BooleanType, false));
    List<Row> expected = List.of(
        RowFactory.create("T1", "C0001", false, false),
        RowFactory.create("T2", "C0001", true, false),
        RowFactory.create("T3", null, true, false),
        RowFactory.create("T4", null, true, false),
        RowFactory.create("T5", "+49 30 1234567", false, true),
        RowFactory.create("T6", "(030) 123-4567", false, true),
        RowFactory.create("T7", "1234567", false, false),
        RowFactory.create("T8", "10-2345678", false, false),
        RowFactory.create("T9", null, false, false));
    assertEquals(expected, out.orderBy("ticket_id").collectAsList());
  }
}
