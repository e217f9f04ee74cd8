#!/usr/bin/env python3
"""Derives formats/events-csv/ from web/: the same events as a generic analytics export, one CSV
row per event (run from data-samples/). ISO-8601 UTC timestamps with microseconds; the GA4
session id as a numeric "Session ID"; engagement time as a property column. The truncated JSON
line becomes a row cut after three fields (malformed_record), 'not-a-timestamp' stays as it is.
"""
import csv
import datetime
import json
import os

HEADER = ["Timestamp", "Anonymous ID", "User ID", "Event", "Page URL", "Session ID", "Device Type",
          "Country", "UTM Source", "UTM Medium", "Engagement Time (ms)"]

def param(e, key):
    for p in e.get("event_params") or []:
        if p["key"] == key:
            v = p.get("value") or {}
            return v.get("string_value") if v.get("string_value") is not None else v.get("int_value")
    return None

def row(e):
    ts = e.get("event_timestamp")
    if isinstance(ts, int):
        ts = datetime.datetime.fromtimestamp(ts / 1_000_000, datetime.timezone.utc) \
            .strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    cells = [ts, e.get("user_pseudo_id"), e.get("user_id"), e.get("event_name"), param(e, "page_location"),
             param(e, "ga_session_id"), (e.get("device") or {}).get("category"), (e.get("geo") or {}).get("country"),
             (e.get("traffic_source") or {}).get("source"), (e.get("traffic_source") or {}).get("medium"),
             param(e, "engagement_time_msec")]
    return ["" if c is None else str(c) for c in cells]

for day in ("2026-09-14", "2026-09-15"):
    out = "formats/events-csv/web/%s" % day
    os.makedirs(out, exist_ok=True)
    with open("web/%s/events_%s.json" % (day, day.replace("-", "")), encoding="utf-8") as f, \
            open(out + "/events_%s.csv" % day, "w", encoding="utf-8", newline="") as o:
        w = csv.writer(o, lineterminator="\n")
        w.writerow(HEADER)
        for line in f:
            try:
                w.writerow(row(json.loads(line)))
            except ValueError:
                o.write(",".join(row(json.loads(line[:line.index('"event_params"')].rstrip(",") + "}"))[:3]) + "\n")
