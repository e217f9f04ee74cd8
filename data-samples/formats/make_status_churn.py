#!/usr/bin/env python3
"""Writes formats/telco/ (run from data-samples/): two nights of a CRM that knows churn from a
status column only, and Qualtrics exports with anonymous and test responses; no web export.

- crm/: the customer file in the layout of IBM's public "Telco Customer Churn" sample
  (customerID, gender, SeniorCitizen 0/1, Partner, Dependents, tenure, ..., Contract, ...,
  MonthlyCharges, TotalCharges, Churn Yes/No): no email, no dates, no churn date. TotalCharges is a
  single blank for a customer of tenure 0, as in the published file. 20 customers; on 2026-09-14
  five have Churn = Yes; on 2026-09-15 two more (6388-TABGU month-to-month, 7469-LKBCI one year).
  No ticket export.
- surveys/: Qualtrics response exports, current layout (three header rows, the ImportId row naming
  America/Denver). 2026-09-14: three responses through the anonymous link (DistributionChannel
  anonymous, no ExternalReference, no RecipientEmail: NPS 3, 10, 9), two from an email distribution
  with ExternalReference (7590-VHVEG NPS 8, 5575-GNVDE NPS 6) and a survey preview (Status 1).
  2026-09-15: only a survey test and a survey preview (Status 2 and 1).
- pulse/: a second survey, exported in Qualtrics' 2016 "Insights" layout (first row ResponseID,
  EndDate instead of RecordedDate, ExternalDataReference; the third row's ImportId cells as Python
  dicts with single quotes, {'ImportId': 'QID1'}, the end date's naming America/Denver; a
  side-by-side question Q7#1_1 / Q7#2_1). 2026-09-14 only: 9763-GRSKD (NPS 9, CSAT 5) and one
  anonymous response (NPS 2, CSAT 1).
"""
import csv
import io
import os

IDS = ["7590-VHVEG", "5575-GNVDE", "3668-QPYBK", "7795-CFOCW", "9237-HQITU", "9305-CDSKC", "1452-KIOVK",
       "6713-OKOMC", "7892-POOKP", "6388-TABGU", "9763-GRSKD", "7469-LKBCI", "8091-TTVAX", "0280-XJGEX",
       "5129-JLPIS", "3655-SNQYZ", "8191-XWSZG", "9959-WOFKT", "4190-MFLUW", "4183-MYFRB"]
MONTHLY = {"7590-VHVEG", "3668-QPYBK", "9237-HQITU", "9305-CDSKC", "6713-OKOMC", "7892-POOKP", "6388-TABGU",
           "0280-XJGEX", "4190-MFLUW", "8091-TTVAX"}
TWO_YEAR = {"9763-GRSKD", "3655-SNQYZ", "9959-WOFKT", "4183-MYFRB"}
CHURNED = {"2026-09-14": {"3668-QPYBK", "9237-HQITU", "9305-CDSKC", "7892-POOKP", "0280-XJGEX"}}
CHURNED["2026-09-15"] = CHURNED["2026-09-14"] | {"6388-TABGU", "7469-LKBCI"}

HEADER = ["customerID", "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
          "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport",
          "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges",
          "TotalCharges", "Churn"]


def customers(date):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER)
    for i, cid in enumerate(IDS):
        contract = "Month-to-month" if cid in MONTHLY else "Two year" if cid in TWO_YEAR else "One year"
        tenure = 0 if cid == "4190-MFLUW" else 1 + (i * 7) % 70
        monthly = 20.05 + i * 4.5
        total = " " if tenure == 0 else "%.2f" % (monthly * tenure)
        w.writerow([cid, "Female" if i % 2 else "Male", i % 5 == 0 and 1 or 0, "Yes" if i % 3 else "No", "No", tenure,
                    "Yes", "No", ["DSL", "Fiber optic", "No"][i % 3], "No", "Yes", "No", "No", "No", "No", contract,
                    "Yes", "Electronic check", "%.2f" % monthly, total, "Yes" if cid in CHURNED[date] else "No"])
    return out.getvalue()


Q_HEADER = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
            "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
            "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage",
            "Q1", "Q1_NPS_GROUP", "Q2"]
Q_LABELS = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished",
            "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name", "Recipient Email",
            "External Data Reference", "Location Latitude", "Location Longitude", "Distribution Channel",
            "User Language", "How likely are you to recommend us to a friend?", "How likely... - Group",
            "How satisfied are you with your plan?"]
Q_IMPORT = ['{"ImportId":"startDate","timeZone":"America/Denver"}', '{"ImportId":"endDate","timeZone":"America/Denver"}',
            '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
            '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"America/Denver"}',
            '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}',
            '{"ImportId":"recipientEmail"}', '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}',
            '{"ImportId":"locationLongitude"}', '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}',
            '{"ImportId":"QID1"}', '{"ImportId":"QID1_NPS_GROUP"}', '{"ImportId":"QID2"}']


def group(nps):
    return "" if nps == "" else 1 if nps <= 6 else 2 if nps <= 8 else 3


def response(time, status, rid, email, ref, channel, nps, csat):
    return [time, time, status, "" if channel == "anonymous" else "203.0.113.7", 100, 95, 1, time, rid,
            "", "", email, ref, "39.7392", "-104.9903", channel, "EN", nps, group(nps), csat]


RESPONSES = {
    "2026-09-14": [
        response("2026-09-14 08:05:11", 0, "R_3anonA1b2c3d4e5", "", "", "anonymous", 3, 2),
        response("2026-09-14 09:40:00", 0, "R_3anonF6g7h8i9j0", "", "", "anonymous", 10, 5),
        response("2026-09-14 11:02:30", 0, "R_3anonK1l2m3n4o5", "", "", "anonymous", 9, 4),
        response("2026-09-14 12:15:00", 0, "R_2emailP6q7r8s9t", "", "7590-VHVEG", "email", 8, 4),
        response("2026-09-14 13:30:45", 0, "R_2emailU1v2w3x4y", "", "5575-GNVDE", "email", 6, 3),
        response("2026-09-14 07:55:00", 1, "R_1prevZ5a6b7c8d9", "", "", "preview", 0, 1),
    ],
    "2026-09-15": [
        response("2026-09-15 09:00:00", 2, "R_1testE1f2g3h4i5", "", "", "test", 7, 3),
        response("2026-09-15 09:05:00", 1, "R_1prevJ6k7l8m9n0", "", "", "preview", 2, 1),
    ],
}


def qualtrics(date):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for row in [Q_HEADER, Q_LABELS, Q_IMPORT] + RESPONSES[date]:
        w.writerow(row)
    return "\ufeff" + out.getvalue()


P_HEADER = ["ResponseID", "ResponseSet", "IPAddress", "StartDate", "EndDate", "RecipientLastName",
            "RecipientFirstName", "RecipientEmail", "ExternalDataReference", "Finished", "Status", "Q1", "Q7#1_1",
            "Q7#2_1", "LocationLatitude", "LocationLongitude", "LocationAccuracy"]
P_LABELS = ["ResponseID", "ResponseSet", "IPAddress", "StartDate", "EndDate", "RecipientLastName",
            "RecipientFirstName", "RecipientEmail", "ExternalDataReference", "Finished", "Status",
            "How likely are you to recommend us?", "Your plan - Satisfaction - Overall",
            "Your plan - Comment - Overall", "LocationLatitude", "LocationLongitude", "LocationAccuracy"]
P_IMPORT = ["{'ImportId': 'responseId'}", "{'ImportId': 'responseSetId'}", "{'ImportId': 'ipAddress'}",
            "{'ImportId': 'startDate', 'timeZone': 'America/Denver'}",
            "{'ImportId': 'endDate', 'timeZone': 'America/Denver'}", "{'ImportId': 'recipientLastName'}",
            "{'ImportId': 'recipientFirstName'}", "{'ImportId': 'recipientEmail'}",
            "{'ImportId': 'externalDataReference'}", "{'ImportId': 'finished'}", "{'ImportId': 'status'}",
            "{'ImportId': 'QID1'}", "{'ImportId': 'QID7#1_1'}", "{'ImportId': 'QID7#2_1_TEXT'}",
            "{'ImportId': 'locationLatitude'}", "{'ImportId': 'locationLongitude'}",
            "{'ImportId': 'locationAccuracy'}"]
PULSE = [
    ["R_pulseA1b2c3d4e5f", "Default Response Set", "198.51.100.4", "2026-09-14 09:58:00", "2026-09-14 10:00:00",
     "", "", "", "9763-GRSKD", "1", "0", "9", "5", "All good", "39.7392", "-104.9903", "-1"],
    ["R_pulseG6h7i8j9k0l", "Default Response Set", "", "2026-09-14 10:20:00", "2026-09-14 10:21:30",
     "", "", "", "", "1", "0", "2", "1", "Too expensive, cancelling", "", "", "-1"],
]


def pulse():
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for row in [P_HEADER, P_LABELS, P_IMPORT] + PULSE:
        w.writerow(row)
    return out.getvalue()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


for d in ["2026-09-14", "2026-09-15"]:
    write("formats/telco/crm/%s/customers.csv" % d, customers(d))
    write("formats/telco/surveys/%s/responses_%s.csv" % (d, d), qualtrics(d))
write("formats/telco/pulse/2026-09-14/pulse_2026-09-14.csv", pulse())
