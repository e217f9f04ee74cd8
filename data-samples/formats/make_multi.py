#!/usr/bin/env python3
"""Derives formats/multi/ from the plain samples and formats/events-csv/: the same nights split
over two sources of each kind, as a company with a website and a mobile app might have them (run
from data-samples/ after make_events_csv.py).

- web/: the GA4 export (plain NDJSON) of every device that is not a phone, with the consent-mode
  events and the malformed line; app-events/: the generic CSV rows (events-csv) of the phones,
  read as a second web source named "app" (visitor ids become "app:…").
- surveys/: the plain long-form NPS answers; app-surveys/: the CSAT, CES and SUS answers as an
  in-app feedback tool's CSV with its own column names, a second survey source named "app"
  (response ids become "app:…").

Together they hold exactly the plain records, so sessions, answers and scores are the plain
samples'.
"""
import csv
import json
import os

for day in ["2026-09-14", "2026-09-15"]:
    compact = day.replace("-", "")
    lines = open("web/%s/events_%s.json" % (day, compact), encoding="utf-8").read().splitlines(keepends=True)
    phones = set()
    for line in lines:
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if e.get("user_pseudo_id") and (e.get("device") or {}).get("category") == "mobile":
            phones.add(e["user_pseudo_id"])

    def on_phone(line):
        try:
            return json.loads(line).get("user_pseudo_id") in phones
        except ValueError:
            return False

    os.makedirs("formats/multi/web/%s" % day, exist_ok=True)
    with open("formats/multi/web/%s/events_%s.json" % (day, compact), "w", encoding="utf-8", newline="") as f:
        f.writelines(line for line in lines if not on_phone(line))
    rows = list(csv.reader(open("formats/events-csv/web/%s/events_%s.csv" % (day, day), encoding="utf-8", newline="")))
    os.makedirs("formats/multi/app-events/%s" % day, exist_ok=True)
    with open("formats/multi/app-events/%s/events_%s.csv" % (day, day), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(rows[0])
        w.writerows(r for r in rows[1:] if len(r) > 1 and r[1] in phones)

    answers = list(csv.DictReader(open("surveys/%s/responses.csv" % day, encoding="utf-8")))
    os.makedirs("formats/multi/surveys/%s" % day, exist_ok=True)
    with open("formats/multi/surveys/%s/responses.csv" % day, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(answers[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(a for a in answers if a["survey_type"] == "NPS")
    os.makedirs("formats/multi/app-surveys/%s" % day, exist_ok=True)
    with open("formats/multi/app-surveys/%s/feedback.csv" % day, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["Feedback ID", "Member", "Instrument", "Question", "Rating", "Submitted"])
        w.writerows([a["response_id"], a["customer_ref"], a["survey_type"], a["item"], a["score"], a["responded_at"]]
                    for a in answers if a["survey_type"] != "NPS")
    print(day, "phones", len(phones))
