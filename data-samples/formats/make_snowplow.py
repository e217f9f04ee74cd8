#!/usr/bin/env python3
"""Derives formats/snowplow/ from web/: the same events as a CSV export of Snowplow's atomic.events
table (run from data-samples/), every column of the table in its order. Timestamps as Snowplow's
warehouse writes them: UTC, no zone, milliseconds ("2026-09-14 01:16:23.438"). A page view is event
"page_view"; every other GA4 event a self-describing event ("unstruct") whose event_name is the GA4
name. domain_userid and domain_sessionid are UUIDs made from the GA4 device and session ids;
domain_sessionidx numbers a device's sessions over both dates. Countries are ISO 3166 codes, GA4's
"(direct)"/"(none)" traffic an empty mkt_source/mkt_medium. Page titles hold commas (quoted fields).
The truncated JSON line becomes a row cut after six fields (malformed_record); 'not-a-timestamp'
stays as it is (bad_timestamp).
"""
import csv
import datetime
import json
import os
import urllib.parse
import uuid

COLUMNS = """app_id platform etl_tstamp collector_tstamp dvce_created_tstamp event event_id txn_id
name_tracker v_tracker v_collector v_etl user_id user_ipaddress user_fingerprint domain_userid
domain_sessionidx network_userid geo_country geo_region geo_city geo_zipcode geo_latitude
geo_longitude geo_region_name ip_isp ip_organization ip_domain ip_netspeed page_url page_title
page_referrer page_urlscheme page_urlhost page_urlport page_urlpath page_urlquery page_urlfragment
refr_urlscheme refr_urlhost refr_urlport refr_urlpath refr_urlquery refr_urlfragment refr_medium
refr_source refr_term mkt_medium mkt_source mkt_term mkt_content mkt_campaign contexts se_category
se_action se_label se_property se_value unstruct_event tr_orderid tr_affiliation tr_total tr_tax
tr_shipping tr_city tr_state tr_country ti_orderid ti_sku ti_name ti_category ti_price ti_quantity
pp_xoffset_min pp_xoffset_max pp_yoffset_min pp_yoffset_max useragent br_name br_family br_version
br_type br_renderengine br_lang br_features_pdf br_features_flash br_features_java
br_features_director br_features_quicktime br_features_realplayer br_features_windowsmedia
br_features_gears br_features_silverlight br_cookies br_colordepth br_viewwidth br_viewheight
os_name os_family os_manufacturer os_timezone dvce_type dvce_ismobile dvce_screenwidth
dvce_screenheight doc_charset doc_width doc_height tr_currency tr_total_base tr_tax_base
tr_shipping_base ti_currency ti_price_base base_currency geo_timezone mkt_clickid mkt_network
etl_tags dvce_sent_tstamp refr_domain_userid refr_dvce_tstamp derived_contexts domain_sessionid
derived_tstamp event_vendor event_name event_format event_version event_fingerprint
true_tstamp""".split()

COUNTRY = {"Australia": "AU", "Brazil": "BR", "Canada": "CA", "France": "FR", "Germany": "DE",
           "India": "IN", "Japan": "JP", "Mexico": "MX", "Singapore": "SG", "Spain": "ES",
           "Sweden": "SE", "United Kingdom": "GB", "United States": "US"}
TITLES = {"/": "Example Shop, coffee and tea", "/collections/coffee": "Coffee, beans & ground | Example Shop",
          "/cart": "Your cart | Example Shop", "/checkout": "Checkout | Example Shop"}
NS = uuid.UUID("6f1c2c3e-8a51-4c1e-9a0b-2b6d7f0e5a10")


def param(e, key):
    for p in e.get("event_params") or []:
        if p["key"] == key:
            v = p.get("value") or {}
            return v.get("string_value") if v.get("string_value") is not None else v.get("int_value")
    return None


def tstamp(us, delay_ms=0):
    t = datetime.datetime.fromtimestamp(us / 1_000_000, datetime.timezone.utc) \
        + datetime.timedelta(milliseconds=delay_ms)
    return t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def session_numbers(days):
    """A device's sessions numbered 1, 2, ... in order of their first event, over all dates."""
    first = {}
    for day in days:
        for e in events(day):
            if isinstance(e, dict) and e.get("user_pseudo_id") and isinstance(e.get("event_timestamp"), int):
                key = (e["user_pseudo_id"], param(e, "ga_session_id"))
                first[key] = min(first.get(key, e["event_timestamp"]), e["event_timestamp"])
    idx, seen = {}, {}
    for key in sorted(first, key=lambda k: first[k]):
        seen[key[0]] = seen.get(key[0], 0) + 1
        idx[key] = seen[key[0]]
    return idx


def events(day):
    with open("web/%s/events_%s.json" % (day, day.replace("-", "")), encoding="utf-8") as f:
        for line in f:
            try:
                yield json.loads(line)
            except ValueError:
                yield line


def row(e, idx):
    ts = e.get("event_timestamp")
    good_ts = isinstance(ts, int)
    device, geo, src = e.get("device") or {}, e.get("geo") or {}, e.get("traffic_source") or {}
    pseudo, session = e.get("user_pseudo_id"), param(e, "ga_session_id")
    url = param(e, "page_location") or ""
    parts = urllib.parse.urlsplit(url)
    page_view = e.get("event_name") == "page_view"
    direct = src.get("source") == "(direct)"
    r = dict.fromkeys(COLUMNS, "")
    r.update({
        "app_id": "shop", "platform": "web",
        "etl_tstamp": tstamp(ts, 95_000) if good_ts else "",
        "collector_tstamp": tstamp(ts) if good_ts else ts,
        "dvce_created_tstamp": tstamp(ts, -120) if good_ts else "",
        "dvce_sent_tstamp": tstamp(ts, -40) if good_ts else "",
        "derived_tstamp": tstamp(ts) if good_ts else ts,
        "event": "page_view" if page_view else "unstruct",
        "event_id": str(uuid.uuid5(NS, json.dumps(e, sort_keys=True))),
        "name_tracker": "sp", "v_tracker": "js-3.24.0", "v_collector": "ssc-3.2.0-kinesis",
        "v_etl": "snowplow-enrich-kinesis-4.2.0",
        "user_id": e.get("user_id") or "",
        "domain_userid": str(uuid.uuid5(NS, pseudo)) if pseudo else "",
        "domain_sessionidx": str(idx[(pseudo, session)]) if pseudo and good_ts else "",
        "domain_sessionid": str(uuid.uuid5(NS, "%s/%s" % (pseudo, session))) if pseudo else "",
        "geo_country": COUNTRY.get(geo.get("country"), ""), "geo_city": geo.get("city") or "",
        "page_url": url, "page_title": TITLES.get(parts.path, parts.path.rsplit("/", 1)[-1] + " | Example Shop")
        if url else "",
        "page_urlscheme": parts.scheme, "page_urlhost": parts.netloc, "page_urlport": "443" if url else "",
        "page_urlpath": parts.path,
        "mkt_source": "" if direct else src.get("source") or "",
        "mkt_medium": "" if direct else src.get("medium") or "",
        "mkt_campaign": "" if direct else src.get("name") or "",
        "br_name": device.get("web_info", {}).get("browser") or "", "os_name": device.get("operating_system") or "",
        "dvce_type": (device.get("category") or "").capitalize(),
        "dvce_ismobile": "1" if device.get("category") in ("mobile", "tablet") else "0",
        "event_vendor": "com.snowplowanalytics.snowplow" if page_view else "com.example.shop",
        "event_name": e.get("event_name") or "", "event_format": "jsonschema", "event_version": "1-0-0",
    })
    return [str(r[c]) for c in COLUMNS]


days = ("2026-09-14", "2026-09-15")
idx = session_numbers(days)
for day in days:
    out = "formats/snowplow/web/%s" % day
    os.makedirs(out, exist_ok=True)
    with open(out + "/atomic_events_%s.csv" % day, "w", encoding="utf-8", newline="") as o:
        w = csv.writer(o, lineterminator="\n")
        w.writerow(COLUMNS)
        for e in events(day):
            if isinstance(e, str):
                cut = json.loads(e[:e.index('"event_params"')].rstrip(",") + "}")
                o.write(",".join(row(cut, idx)[:6]) + "\n")
            else:
                w.writerow(row(e, idx))
