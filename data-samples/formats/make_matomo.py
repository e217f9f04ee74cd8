#!/usr/bin/env python3
"""Derives formats/matomo/ from web/: the sessions of 2026-09-14 as Matomo's visit log, one row per
visit, as Live.getLastVisitsDetails exports it to CSV (format=CSV; run from data-samples/), with the
visit-level columns only (no flattened actionDetails_*). A visit is a GA4 session (device and
ga_session_id, its events of both dates), dated by its first event: idVisit numbers them,
visitorId is 16 hex digits made from the GA4 device id, firstActionTimestamp/lastActionTimestamp are
Unix seconds, visitDuration = last - first in whole seconds, actions = the session's page views.
Plus two bad visits: visitDuration "-14" and "n/a" (both bad_number). The consent-mode event (no
device) is no visit.
"""
import csv
import datetime
import hashlib
import json
import os

HEADER = ["idSite", "idVisit", "visitIp", "visitorId", "userId", "visitorType", "visitCount",
          "serverDate", "serverTimePretty", "firstActionTimestamp", "lastActionTimestamp",
          "visitDuration", "visitDurationPretty", "actions", "interactions", "referrerType",
          "referrerTypeName", "referrerName", "referrerKeyword", "referrerUrl", "entryPageUrl",
          "deviceType", "operatingSystem", "browser", "country", "countryCode", "city"]
COUNTRY = {"Australia": "au", "Brazil": "br", "Canada": "ca", "France": "fr", "Germany": "de",
           "India": "in", "Japan": "jp", "Mexico": "mx", "Singapore": "sg", "Spain": "es",
           "Sweden": "se", "United Kingdom": "gb", "United States": "us"}
REFERRER = {"(direct)": ("direct", "Direct Entry", ""), "google": ("search", "Search Engines", "Google"),
            "facebook": ("campaign", "Campaigns", "autumn_sale"),
            "newsletter": ("campaign", "Campaigns", "sept_newsletter")}


def param(e, key):
    for p in e.get("event_params") or []:
        if p["key"] == key:
            v = p.get("value") or {}
            return v.get("string_value") if v.get("string_value") is not None else v.get("int_value")
    return None


def sessions():
    out = {}
    for day in ("2026-09-14", "2026-09-15"):
        with open("web/%s/events_%s.json" % (day, day.replace("-", "")), encoding="utf-8") as f:
            for line in f:
                try:
                    e = json.loads(line)
                except ValueError:
                    continue
                if e.get("user_pseudo_id") and isinstance(e.get("event_timestamp"), int):
                    out.setdefault((e["user_pseudo_id"], param(e, "ga_session_id")), []).append(e)
    return [sorted(es, key=lambda e: e["event_timestamp"]) for es in out.values()]


def pretty(seconds):
    m, s = divmod(seconds, 60)
    return "%d min %ds" % (m, s) if m else "%ds" % s


def row(n, es, visits_of_device):
    first, last = es[0], es[-1]
    start, end = first["event_timestamp"] // 1_000_000, last["event_timestamp"] // 1_000_000
    t = datetime.datetime.fromtimestamp(start, datetime.timezone.utc)
    device, geo, src = first.get("device") or {}, first.get("geo") or {}, first.get("traffic_source") or {}
    ref_type, ref_type_name, ref_name = REFERRER.get(src.get("source"), ("website", "Websites", src.get("source")))
    logins = [e["user_id"] for e in es if e.get("user_id")]
    return [1, n, "203.0.113.0", hashlib.sha256(first["user_pseudo_id"].encode()).hexdigest()[:16],
            logins[-1] if logins else "", "returning" if visits_of_device > 1 else "new", visits_of_device,
            t.strftime("%Y-%m-%d"), t.strftime("%H:%M:%S"), start, end, end - start, pretty(end - start),
            sum(1 for e in es if e["event_name"] == "page_view"), len(es), ref_type, ref_type_name, ref_name,
            "", "", param(first, "page_location") or "", (device.get("category") or "").capitalize(),
            device.get("operating_system") or "", device.get("web_info", {}).get("browser") or "",
            geo.get("country") or "", COUNTRY.get(geo.get("country"), ""), geo.get("city") or ""]


day = "2026-09-14"
visits = sorted(sessions(), key=lambda es: es[0]["event_timestamp"])
on_day = [es for es in visits if datetime.datetime.fromtimestamp(
    es[0]["event_timestamp"] / 1_000_000, datetime.timezone.utc).strftime("%Y-%m-%d") == day]
out = "formats/matomo/web/%s" % day
os.makedirs(out, exist_ok=True)
with open(out + "/visits_%s.csv" % day, "w", encoding="utf-8", newline="") as o:
    w = csv.writer(o, lineterminator="\n")
    w.writerow(HEADER)
    count = {}
    rows = []
    for n, es in enumerate(on_day, start=1):
        count[es[0]["user_pseudo_id"]] = count.get(es[0]["user_pseudo_id"], 0) + 1
        rows.append(row(n, es, count[es[0]["user_pseudo_id"]]))
    for bad, duration in ((rows[0], "-14"), (rows[1], "n/a")):
        extra = list(bad)
        extra[1] = len(rows) + 1
        extra[9] = extra[10] = int(bad[10]) + 3600
        extra[11], extra[12] = duration, ""
        rows.append(extra)
    w.writerows(rows)
