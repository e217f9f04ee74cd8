package com.experiencewarehouse.silver;

import static com.experiencewarehouse.testing.Rows.assertRows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.experiencewarehouse.testing.Rows;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SurveyResponsesTest {

  private static final LocalDate EXPORT = LocalDate.of(2026, 9, 14);

  /** bronze.survey_answers as SurveyAnswersBronze.accepted writes it. */
  private static final StructType ANSWERS = new StructType()
      .add("response_id", DataTypes.StringType)
      .add("customer_ref", DataTypes.StringType)
      .add("survey_type", DataTypes.StringType)
      .add("item", DataTypes.StringType)
      .add("score", DataTypes.IntegerType)
      .add("responded_at", DataTypes.TimestampType)
      .add("is_finished", DataTypes.BooleanType)
      .add("progress_pct", DataTypes.IntegerType)
      .add("_source_file", DataTypes.StringType);

  private static Object[] answer(String id, String type, String item, int score) {
    return new Object[] {id, "C-" + id, type, item, score,
        Timestamp.from(Instant.parse("2026-09-13T22:30:00Z")), !id.startsWith("U"), id.startsWith("U") ? 60 : 100,
        "file:/in/responses.csv"};
  }

  /** SUS items 1..10 of one response; a 0 score leaves the item out (unanswered). */
  private static List<Object[]> sus(String id, int... scores) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] != 0) {
        rows.add(answer(id, "SUS", "sus_" + (i + 1), scores[i]));
      }
    }
    return rows;
  }

  @Test
  void singleQuestionSurveysGetTheirScoreAndCategoryFlags() {
    Dataset<Row> r = SurveyResponses.build(Rows.frame(ANSWERS,
        answer("N1", "NPS", "nps", 9),    // promoter (9–10)
        answer("N2", "NPS", "nps", 7),    // passive (7–8): neither flag
        answer("N3", "NPS", "nps", 6),    // detractor (0–6)
        answer("N4", "NPS", "nps", 10),   // promoter
        answer("N5", "NPS", "nps", 0),    // detractor
        answer("Q1", "CSAT", "csat", 4),  // satisfied (4–5)
        answer("Q2", "CSAT", "csat", 3),  // not satisfied
        answer("E1", "CES", "ces", 5),    // easy (5–7)
        answer("E2", "CES", "ces", 4),    // not easy
        answer("U1", "NPS", "nps", 9)),   // an unfinished response's answer: counted, flagged
        EXPORT);
    // Flags of other survey types are NULL (not false): an NPS answer says nothing about CSAT.
    assertRows(r.select(col("response_id"), col("customer_id"), col("survey_type"), col("score"),
            col("items_answered"), col("is_promoter"), col("is_detractor"), col("is_satisfied"),
            col("is_easy")),
        "[N1,C-N1,NPS,9.0,1,true,false,null,null]",
        "[N2,C-N2,NPS,7.0,1,false,false,null,null]",
        "[N3,C-N3,NPS,6.0,1,false,true,null,null]",
        "[N4,C-N4,NPS,10.0,1,true,false,null,null]",
        "[N5,C-N5,NPS,0.0,1,false,true,null,null]",
        "[Q1,C-Q1,CSAT,4.0,1,null,null,true,null]",
        "[Q2,C-Q2,CSAT,3.0,1,null,null,false,null]",
        "[E1,C-E1,CES,5.0,1,null,null,null,true]",
        "[E2,C-E2,CES,4.0,1,null,null,null,false]",
        "[U1,C-U1,NPS,9.0,1,true,false,null,null]");
    assertRows(r.filter(col("response_id").isin("N1", "U1")).select(col("response_id"), col("is_finished"),
            col("progress_pct")),
        "[N1,true,100]", "[U1,false,60]");
    // Answered 2026-09-13 22:30 UTC: the response date is the UTC date; export date as given.
    assertRows(r.filter(col("response_id").equalTo("N1"))
            .select(col("response_date"), col("export_date")),
        "[2026-09-13,2026-09-14]");
  }

  @Test
  void susOfTenItemsIsTwoAndAHalfTimesTheContributionSum() {
    // Items 1..10 = 4,2,5,1,4,2,3,2,4,1
    // odd items (x − 1):  1:4→3, 3:5→4, 5:4→3, 7:3→2, 9:4→3  = 15
    // even items (5 − x): 2:2→3, 4:1→4, 6:2→3, 8:2→3, 10:1→4 = 17
    // SUS = (15 + 17) × 2.5 = 32 × 2.5 = 80.0
    Row r = SurveyResponses.build(Rows.frame(ANSWERS,
        sus("S1", 4, 2, 5, 1, 4, 2, 3, 2, 4, 1).toArray(new Object[0][])), EXPORT).first();
    assertEquals("SUS", r.getAs("survey_type"));
    assertEquals(10L, Rows.l(r, "items_answered"));
    assertEquals(80.0, Rows.d(r, "score"), 1e-9);
  }

  @Test
  void susOfNineItemsScalesTheSumByHundredOverThirtySix() {
    // The same answers without item 7 (3 → contribution 2): odd sum 15 − 2 = 13, even sum 17;
    // SUS = 30 × 100 / 36 = 83.3333…
    Row r = SurveyResponses.build(Rows.frame(ANSWERS,
        sus("S2", 4, 2, 5, 1, 4, 2, 0, 2, 4, 1).toArray(new Object[0][])), EXPORT).first();
    assertEquals(9L, Rows.l(r, "items_answered"));
    assertEquals(83.333333, Rows.d(r, "score"), 1e-6);
  }

  @Test
  void susItemTenIsScoredAsAnEvenItem() {
    // Everything neutral (3) except item 10 = 5: odd items 5 × (3 − 1) = 10; even items 2, 4, 6, 8
    // give 4 × (5 − 3) = 8 and item 10 gives 5 − 5 = 0 → 18 × 2.5 = 45.0.
    // (Scored as odd, item 10 would give 5 − 1 = 4 → 22 × 2.5 = 55.0.)
    Row r = SurveyResponses.build(Rows.frame(ANSWERS,
        sus("S3", 3, 3, 3, 3, 3, 3, 3, 3, 3, 5).toArray(new Object[0][])), EXPORT).first();
    assertEquals(45.0, Rows.d(r, "score"), 1e-9);
  }

  @Test
  void anNpsAnswerGivenOnlyAsItsGroupIsAPromoterOrDetractorWithoutScore() {
    // Qualtrics' *_NPS_GROUP: 1 detractor, 2 passive, 3 promoter.
    Dataset<Row> r = SurveyResponses.build(Rows.frame(ANSWERS,
        answer("G1", "NPS", "nps_group", 3), answer("G2", "NPS", "nps_group", 2), answer("G3", "NPS", "nps_group", 1)),
        EXPORT);
    assertRows(r.select(col("response_id"), col("survey_type"), col("score"), col("is_promoter"), col("is_detractor")),
        "[G1,NPS,null,true,false]", "[G2,NPS,null,false,false]", "[G3,NPS,null,false,true]");
  }
}
