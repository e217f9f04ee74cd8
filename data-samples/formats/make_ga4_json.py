#!/usr/bin/env python3
"""Derives formats/ga4-json/ from web/: the same events as `bq extract` writes a GA4 export.

Run from data-samples/: python3 formats/make_ga4_json.py. Deterministic (gzip mtime 0).
- INT64 values quoted ("event_timestamp":"1789348496000000", "int_value":"1789348496"); NULL
  fields omitted, as BigQuery's JSON export does; columns the job does not read kept (platform,
  stream_id, privacy_info, is_active_user) and ignored by it.
- event_bundle_sequence_id on every event, negative on every third.
- session_engaged on page views: string_value "1", int_value "1" or string_value "0" in turn.
- a param whose value is null (debug_mode) on every fifth event.
- 2026-09-14: the daily export in two gzip shards, plus an intraday file with its first 200
  events (superseded by the daily files: never read); two malformed variants appended to the
  second shard: event_bundle_sequence_id "12a" (bad_number), session_engaged "maybe" (bad_boolean).
- 2026-09-15: only the intraday export (the daily one not there yet): the night reads it.
"""
import gzip
import json
import os

def quirky(line, i):
    try:
        e = json.loads(line)
    except ValueError:
        return line.rstrip("\n")  # the truncated line stays truncated
    out = {}
    for k, v in e.items():
        if v is None:
            continue
        if k == "event_timestamp" and isinstance(v, int):
            v = str(v)
        if k == "event_params":
            params = []
            for p in v:
                value = {f: (str(x) if f == "int_value" else x)
                         for f, x in (p.get("value") or {}).items() if x is not None}
                params.append({"key": p["key"], "value": value})
            if e.get("event_name") == "page_view":
                params.append({"key": "session_engaged",
                               "value": [{"string_value": "1"}, {"int_value": "1"}, {"string_value": "0"}][i % 3]})
            if i % 5 == 0:
                params.append({"key": "debug_mode", "value": None})
            v = params
        if isinstance(v, dict):
            v = {f: x for f, x in v.items() if x is not None}
        out[k] = v
    seq = (i * 7919) % 1000003
    out["event_bundle_sequence_id"] = str(-seq if i % 3 == 0 else seq)
    out["platform"] = "WEB"
    out["stream_id"] = "4178692031"
    out["is_active_user"] = True
    out["privacy_info"] = {"analytics_storage": "Yes", "ads_storage": "No", "uses_transient_token": "No"}
    return json.dumps(out, separators=(",", ":"))

def gz(path, lines):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
            f.write(("\n".join(lines) + "\n").encode("utf-8"))

def events(day):
    with open("web/%s/events_%s.json" % (day, day.replace("-", "")), encoding="utf-8") as f:
        return [quirky(l, i) for i, l in enumerate(f)]

d14 = events("2026-09-14")
half = len(d14) // 2
bad_seq = json.loads(d14[0]); bad_seq["event_bundle_sequence_id"] = "12a"
bad_engaged = json.loads(d14[1])
bad_engaged["event_params"] = [p for p in bad_engaged["event_params"] if p["key"] != "session_engaged"] \
    + [{"key": "session_engaged", "value": {"string_value": "maybe"}}]
out = "formats/ga4-json/web/2026-09-14"
os.makedirs(out, exist_ok=True)
gz(out + "/events_20260914-000000000000.json.gz", d14[:half])
gz(out + "/events_20260914-000000000001.json.gz",
   d14[half:] + [json.dumps(bad_seq, separators=(",", ":")), json.dumps(bad_engaged, separators=(",", ":"))])
with open(out + "/events_intraday_20260914.json", "w", encoding="utf-8") as f:
    f.write("\n".join(d14[:200]) + "\n")
out = "formats/ga4-json/web/2026-09-15"
os.makedirs(out, exist_ok=True)
with open(out + "/events_intraday_20260915.json", "w", encoding="utf-8") as f:
    f.write("\n".join(events("2026-09-15")) + "\n")

# Figures the tests check: session_engaged values among the good events of 2026-09-14.
good = []
for l in d14:
    try:
        e = json.loads(l)
    except ValueError:
        continue
    if e.get("event_timestamp", "").isdigit():
        good.append(e)
engaged = [p["value"] for e in good for p in e["event_params"] if p["key"] == "session_engaged"]
print("2026-09-14 good events:", len(good), "session_engaged true:",
      sum(1 for v in engaged if "1" in v.values()), "false:", sum(1 for v in engaged if "0" in v.values()),
      "negative bundle ids:", sum(1 for e in good if e["event_bundle_sequence_id"].startswith("-")))
