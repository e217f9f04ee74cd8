#!/usr/bin/env python3
"""Derives formats/qualtrics/ from surveys/: the same answers as Qualtrics response exports, one
row per response (run from data-samples/).

- 2026-09-14: the current layout. UTF-8 with byte-order mark, CRLF. Three header rows: column ids;
  the question text (German: the survey's language); {"ImportId": ...} JSON, which gives the
  date-times' zone (America/Denver, UTC-6 in September: 06:04:31Z is written 00:04:31). Q1 NPS
  (with the Q1_NPS_GROUP column Qualtrics adds), Q2 CSAT, Q3 CES, Q5_1..Q5_10 the SUS matrix, Q6 a
  free-text answer (commas, quotes, line breaks). Three more responses than the plain file: a survey
  preview (Status 1: not_a_response), an unfinished one (Finished 0, Progress 60) whose NPS 9 from
  C0012 (consumer) counts, flagged, one that answered nothing but the free-text question, and one
  without a ResponseId (its NPS and text answers: missing_key). Every eighth response carries the
  respondent's RecipientEmail instead of an ExternalReference (an email distribution), and one more
  response comes from an email that is no customer's (its NPS and text answers: unknown_email).
- 2026-09-15: the legacy layout: V1..V10 and question ids, then labels (ResponseID, ResponseSet,
  Name, ExternalDataReference, EmailAddress, IPAddress, Status, StartDate, EndDate, Finished) and
  question text, a trailing comma on every row; dates in UTC (the configured zone). Every eighth
  response by EmailAddress instead of ExternalDataReference.
"""
import csv
import datetime
import io
import os

QUESTIONS = ["Q1", "Q1_NPS_GROUP", "Q2", "Q3"] + ["Q5_%d" % i for i in range(1, 11)] + ["Q6"]
TEXT = ["Wie wahrscheinlich ist es, dass Sie uns einem Freund empfehlen?", "Wie wahrscheinlich... - Group",
        "Wie zufrieden waren Sie mit Ihrem Einkauf?", "Wie einfach war es, Ihr Anliegen zu lösen?"] + \
       ["SUS - Aussage %d" % i for i in range(1, 11)] + ["Was können wir besser machen?"]
VERBATIMS = ["Fast delivery, \"great\" packaging", "Checkout failed twice.\nPlease fix it, I tried on mobile and desktop",
             "", "ok", "Call me back: +49 30 1234567 or mail anna.k@example.com"]

def responses(day):
    """Plain rows grouped into responses, in file order; a repeated id starts a new response."""
    out, current = [], None
    for r in csv.DictReader(open("surveys/%s/responses.csv" % day, encoding="utf-8")):
        if current is None or r["response_id"] != current["id"] or r["survey_type"] != "SUS":
            current = {"id": r["response_id"], "customer": r["customer_ref"], "type": r["survey_type"],
                       "at": r["responded_at"], "answers": {}}
            out.append(current)
        current["answers"][r["item"]] = r["score"]
    return out

def local(utc_text, hours):
    """'2026-09-14T06:04:31Z' shifted by hours as 'yyyy-MM-dd HH:mm:ss' (impossible dates by text)."""
    try:
        t = datetime.datetime.strptime(utc_text, "%Y-%m-%dT%H:%M:%SZ") + datetime.timedelta(hours=hours)
        return t.strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        d, h = utc_text.rstrip("Z").split("T")
        return "%s %02d:%s" % (d, (int(h[:2]) + hours) % 24, h[3:])

def cells(resp, i):
    a = resp["answers"]
    nps = a.get("nps", "") if resp["type"] == "NPS" else ""
    # Qualtrics derives the group from a 0–10 answer only.
    group = "" if not nps.isdigit() or int(nps) > 10 else ("3" if int(nps) >= 9 else "1" if int(nps) <= 6 else "2")
    sus = [a.get("sus_%d" % k, "") for k in range(1, 11)] if resp["type"] == "SUS" else [""] * 10
    return [nps, group, a.get("csat", "") if resp["type"] == "CSAT" else "",
            a.get("ces", "") if resp["type"] == "CES" else ""] + sus + [VERBATIMS[i % len(VERBATIMS)]]

def qid(plain):
    return "R_" + plain.replace("R-", "").replace("-", "x") if plain else ""

def write(path, rows, bom):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        f.write(buf.getvalue())

# 2026-09-14: current layout, America/Denver
meta = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
        "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
        "ExternalReference", "LocationLatitude", "LocationLongitude", "DistributionChannel", "UserLanguage"]
labels = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)",
          "Finished", "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name",
          "Recipient Email", "External Data Reference", "Location Latitude", "Location Longitude",
          "Distribution Channel", "User Language"]
imports = ['{"ImportId":"startDate","timeZone":"America/Denver"}', '{"ImportId":"endDate","timeZone":"America/Denver"}',
           '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
           '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"America/Denver"}',
           '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}',
           '{"ImportId":"recipientEmail"}', '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}',
           '{"ImportId":"locationLongitude"}', '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}']
qimports = ['{"ImportId":"QID1"}', '{"ImportId":"QID1_NPS_GROUP"}', '{"ImportId":"QID2"}', '{"ImportId":"QID3"}'] + \
           ['{"ImportId":"QID5_%d"}' % k for k in range(1, 11)] + ['{"ImportId":"QID6_TEXT"}']
rows = [meta + QUESTIONS, labels + TEXT, imports + qimports]
extra = [
    ({"id": "R-20260914-9001", "customer": "C0031", "type": "NPS", "at": "2026-09-14T12:00:00Z", "answers": {"nps": "10"}}, "1", "100", "1"),
    ({"id": "R-20260914-9002", "customer": "C0012", "type": "NPS", "at": "2026-09-14T12:10:00Z", "answers": {"nps": "9"}}, "0", "60", "0"),
    ({"id": "R-20260914-9003", "customer": "C0040", "type": "NONE", "at": "2026-09-14T12:20:00Z", "answers": {}}, "0", "10", "0"),
    ({"id": "", "customer": "C0031", "type": "NPS", "at": "2026-09-14T12:30:00Z", "answers": {"nps": "8"}}, "0", "100", "1"),
]
extra.append(({"id": "R-20260914-9004", "customer": "", "email": "prospect@example.org", "type": "NPS",
               "at": "2026-09-14T12:40:00Z", "answers": {"nps": "10"}}, "0", "100", "1"))

def emails(day):
    """Customer id -> email of the day's CRM rows that bronze accepts (no repeated id, no bad date)."""
    rows = list(csv.DictReader(open("crm/%s/customers.csv" % day, encoding="utf-8")))
    ids = [r["Customer ID"] for r in rows]
    return {r["Customer ID"]: r["Email"] for r in rows
            if r["Customer ID"] and ids.count(r["Customer ID"]) == 1 and r["Customer ID"] != "C0099"}

def link(r, i, known):
    """Every eighth response came by email distribution: RecipientEmail, no ExternalReference (the
    email in upper case every other time); the job finds the customer by the CRM's email."""
    if i % 8 == 5 and r["customer"] in known:
        email = known[r["customer"]]
        return "", email.upper() if i % 16 == 5 else email
    return r["customer"], r.get("email", "")

known = emails("2026-09-14")
for i, r in enumerate(responses("2026-09-14")):
    t = local(r["at"], -6)
    ref, email = link(r, i, known)
    rows.append([t, t, "0", "203.0.113.%d" % (i % 250), "100", "120", "1", t, qid(r["id"]), "", "", email,
                 ref, "", "", "email", "DE"] + cells(r, i))
for r, status, progress, finished in extra:
    t = local(r["at"], -6)
    c = cells(r, 0)
    if r["type"] == "NONE":
        c = [""] * (len(QUESTIONS) - 1) + ["Abgebrochen"]
    rows.append([t, t, status, "203.0.113.251", progress, "40", finished, t, qid(r["id"]), "", "", r.get("email", ""),
                 r["customer"], "", "", "email", "DE"] + c)
write("formats/qualtrics/surveys/2026-09-14/responses_2026-09-14.csv", rows, bom=True)

# 2026-09-15: legacy layout, UTC, trailing comma on every row
ids = ["V%d" % k for k in range(1, 11)] + QUESTIONS + [""]
lab = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
       "StartDate", "EndDate", "Finished"] + TEXT + [""]
rows = [ids, lab]
known = emails("2026-09-15")
for i, r in enumerate(responses("2026-09-15")):
    t = local(r["at"], 0)
    ref, email = link(r, i, known)
    rows.append([qid(r["id"]), "Default Response Set", "Anonymous", ref, email, "203.0.113.%d" % (i % 250),
                 "0", t, t, "1"] + cells(r, i) + [""])
write("formats/qualtrics/surveys/2026-09-15/responses_2026-09-15.csv", rows, bom=False)
