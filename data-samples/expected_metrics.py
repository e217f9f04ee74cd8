#!/usr/bin/env python3
"""Per-task and revenue metrics of the sample nights, computed from the raw files alone (not the job).

Prints four sections of EXPECTED.md. "Tasks per segment": for each session date, task and segment
(and "(all)"), attempts by outcome, success rate, and the median and p90 time on task of the
successful attempts; then the same per task and segment over the quarter 2026-Q3 (recomputed from the
quarter's attempts), with the rate's 95 % Wilson interval, NULL ("-") below 30 attempts as in
gold.task_scorecard_quarter. "Sessions and revenue per segment": sessions, converted sessions (with a
purchase) and purchase revenue per session date and segment. "Session traffic": sessions per start
date, channel group, basis and source / medium / campaign (the rules at own_source and CHANNELS).
"Lifetime value per customer": the CRM's value of the customer's current version, else their
sessions' purchase revenue to date. The rules, restated in docs/metrics.md,
"Metrics, in our words":

- good GA4 events only (a line that is not JSON, or whose event_timestamp is not a number, is out;
  an event without user_pseudo_id is a consent-mode event outside every session);
- a session = user_pseudo_id + ga_session_id (every sample event has one), on the UTC date of its
  first event, ending at its last event;
- its customer = the last user_id seen in the session, else the customer last seen logged in on the
  device at or before the session start, else the first to log in on it within 7 days after;
- a task attempt starts at a start event and ends at the first success or failure event, at the
  task's timeout, or at the session's end (abandoned); a start while an attempt is open continues it;
  an outcome with no open attempt is none; a start sorts before an outcome at the same instant;
- the attempt's segment = the customer's CRM version valid at the attempt's start: the segment of
  the latest snapshot dated on or before that day; before the first snapshot, the first snapshot's
  (its version reaches back to the signup date); no customer = (anonymous), not in the CRM = (unknown);
- a session's segment = its customer's version valid at the session start (the same rule);
- a session's purchase revenue = the sum of ecommerce.purchase_revenue over its purchase events,
  one per transaction_id;
- percentiles are exact with linear interpolation between the closest ranks (Spark's percentile).

Run: python3 data-samples/expected_metrics.py  (from the repository root)
"""

import csv
import datetime as dt
import json
import re
from collections import defaultdict
from urllib.parse import parse_qs, unquote_plus, urlsplit

DATES = ["2026-09-14", "2026-09-15"]
TASKS = [  # name, start, success, failure, timeout (s): conf/application.conf xw.tasks
    ("checkout", {"begin_checkout"}, {"purchase"}, {"checkout_failed"}, 30 * 60),
    ("signup", {"sign_up_start"}, {"sign_up"}, {"sign_up_failed"}, 30 * 60),
    ("search", {"search"}, {"select_item", "view_item"}, {"search_no_results"}, 10 * 60),
]
LOOKBACK_US = 7 * 86_400 * 1_000_000


def events():
    for d in DATES:
        path = f"data-samples/web/{d}/events_{d.replace('-', '')}.json"
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    e = json.loads(line)
                except json.JSONDecodeError:
                    continue
                ts = e.get("event_timestamp")
                if not isinstance(ts, int) and not (isinstance(ts, str) and ts.isdigit()):
                    continue
                if e.get("user_pseudo_id") is None:
                    continue
                params = {p["key"]: p["value"] for p in e.get("event_params") or []}
                ecommerce = e.get("ecommerce") or {}
                text = lambda k: (params.get(k) or {}).get("string_value")
                yield {"ts": int(ts), "name": e["event_name"], "device": e["user_pseudo_id"],
                       "user_id": e.get("user_id"), "ga": params["ga_session_id"]["int_value"],
                       "transaction_id": ecommerce.get("transaction_id"),
                       "revenue": ecommerce.get("purchase_revenue"),
                       "page": text("page_location"), "referrer": text("page_referrer"),
                       "collected": e.get("collected_traffic_source") or {},
                       "last_click": (e.get("session_traffic_source_last_click") or {}).get("manual_campaign") or {}}


def snapshots():
    """customer_id -> [(snapshot date, segment, signup date)], good rows, first of duplicates."""
    out = defaultdict(list)
    for d in DATES:
        seen = set()
        with open(f"data-samples/crm/{d}/customers.csv", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                cid = r["Customer ID"].strip()
                if not cid or cid in seen:
                    continue
                try:
                    signup = dt.date.fromisoformat(r["Signup Date"]) if r["Signup Date"] else None
                except ValueError:
                    continue
                seen.add(cid)
                out[cid].append((dt.date.fromisoformat(d), r["Segment"], signup, r["Lifetime Value"].strip()))
    return out


def segment_at(snaps, cid, ts_us):
    if cid is None:
        return "(anonymous)"
    versions = snaps.get(cid)
    if not versions:
        return "(unknown)"
    day = dt.datetime.fromtimestamp(ts_us / 1e6, dt.timezone.utc).date()
    current = None
    for snap_date, segment, _, _ in versions:
        if snap_date <= day:
            current = segment
    if current is None:
        first_date, first_segment, signup, _ = versions[0]
        if signup is not None and signup <= day:
            current = first_segment
    return current if current is not None else "(unknown)"


def attempts(evts, end_us, start, success, failure, timeout_us):
    kinds = []
    for ts, name in evts:
        kind = "start" if name in start else "success" if name in success \
            else "failure" if name in failure else None
        if kind:
            kinds.append((ts, 0 if kind == "start" else 1, kind))
    kinds.sort()
    out, open_start = [], None
    for ts, _, kind in kinds:
        if open_start is not None and ts - open_start > timeout_us:
            out.append(("timeout", None, open_start))
            open_start = None
        if kind == "start":
            if open_start is None:
                open_start = ts
        elif open_start is not None:
            out.append((kind, (ts - open_start) / 1e6 if kind == "success" else None, open_start))
            open_start = None
    if open_start is not None:
        out.append(("timeout" if end_us - open_start > timeout_us else "abandoned", None, open_start))
    return out


def percentile(values, p):
    v = sorted(values)
    if not v:
        return None
    pos = p * (len(v) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


# conf/application.conf xw.attribution: GA4's default channel grouping, rules in order (regexes
# matching the whole lower-cased value; "category" names a site list), and the look-back.
ATTRIBUTION_LOOKBACK_US = 90 * 86_400 * 1_000_000
PAID = r".*cp.*|ppc|retargeting|paid.*"
CATEGORIES = {
    "search": ["google", "bing", "yahoo", "search.yahoo", "baidu", "yandex", "duckduckgo", "ecosia", "naver",
               "seznam", "ask", "aol", "startpage", "qwant", "brave", "search.brave", "yandex.ru", "so.com", "sogou"],
    "social": ["facebook", "fb", "instagram", "ig", "linkedin", "lnkd.in", "twitter", "t.co", "x.com", "pinterest",
               "reddit", "tiktok", "snapchat", "quora", "tumblr", "vk", "weibo", "whatsapp", "threads", "mastodon",
               "discord", "telegram", "line", "xing"],
    "video": ["youtube", "youtu.be", "vimeo", "twitch", "dailymotion", "wistia", "netflix", "disneyplus", "hulu"],
    "shopping": ["amazon", "ebay", "etsy", "shopify", "walmart", "alibaba", "aliexpress", "google shopping",
                 "igshopping", "shopping.yahoo", "mercadolibre", "rakuten", "target", "zalando"],
}
SHOP_CAMPAIGN = r".*(([^a-df-z]|^)shop|shopping).*"
CHANNELS = [  # (channel, [alternative: {field: regex or category}])
    ("Direct", [{"source": r"\(direct\)", "medium": r"\(not set\)|\(none\)"}]),
    ("Cross-network", [{"campaign": r".*cross-network.*"}]),
    ("Paid Shopping", [{"category": "shopping", "medium": PAID}, {"campaign": SHOP_CAMPAIGN, "medium": PAID}]),
    ("Paid Search", [{"category": "search", "medium": PAID}]),
    ("Paid Social", [{"category": "social", "medium": PAID}]),
    ("Paid Video", [{"category": "video", "medium": PAID}]),
    ("Display", [{"medium": r"display|banner|expandable|interstitial|cpm"}]),
    ("Paid Other", [{"medium": PAID}]),
    ("Organic Shopping", [{"category": "shopping"}, {"campaign": SHOP_CAMPAIGN}]),
    ("Organic Social", [{"category": "social"}, {"medium": r"social|social-network|social-media|sm|social network|social media"}]),
    ("Organic Video", [{"category": "video"}, {"medium": r".*video.*"}]),
    ("Organic Search", [{"category": "search"}, {"medium": "organic"}]),
    ("Referral", [{"medium": r"referral|app|link"}]),
    ("Email", [{"source": r"email|e-mail|e_mail|e mail"}, {"medium": r"email|e-mail|e_mail|e mail"}]),
    ("Affiliates", [{"medium": "affiliate"}]),
    ("Audio", [{"medium": "audio"}]),
    ("SMS", [{"source": "sms"}, {"medium": "sms"}]),
    ("Mobile Push Notifications", [{"medium": r".*push|.*mobile.*|.*notification.*"}, {"source": "firebase"}]),
]


def in_category(source, sites):
    """A site list entry matches the source, with a leading www., m., l. or lm., then a dot and more."""
    for prefix in ("", "www.", "m.", "l.", "lm."):
        for site in sites:
            whole = prefix + site
            if source == whole or source.startswith(whole + "."):
                return True
    return False


def channel(source, medium, campaign):
    v = {"source": (source or "").lower(), "medium": (medium or "").lower(), "campaign": (campaign or "").lower()}
    for name, alternatives in CHANNELS:
        for alt in alternatives:
            if all(in_category(v["source"], CATEGORIES[rx]) if f == "category" else re.fullmatch(rx, v[f])
                   for f, rx in alt.items()):
                return name
    return "Unassigned"


def own_source(es):
    """The session's own (source, medium, campaign, basis), or None (a direct visit).

    Events in time order. GA4's collected_traffic_source of the first event carrying one (a gclid:
    google / cpc); else session_traffic_source_last_click unless (direct); else the landing page's
    (first page event's) UTM parameters or Google Ads click id (google / cpc); else an external
    referrer of the landing page (its host / referral; the site itself, with or without www., is not).
    """
    ns = "(not set)"
    for e in es:
        c = e["collected"]
        if c.get("manual_source") is not None or c.get("gclid") is not None:
            if c.get("gclid") is not None:
                return ("google", "cpc", c.get("manual_campaign_name") or ns, "collected_traffic_source")
            return (c["manual_source"], c.get("manual_medium") or ns, c.get("manual_campaign_name") or ns,
                    "collected_traffic_source")
    for e in es:
        lc = e["last_click"]
        if lc.get("source") is not None and lc["source"].lower() != "(direct)":
            return (lc["source"], lc.get("medium") or ns, lc.get("campaign_name") or ns,
                    "session_traffic_source_last_click")
    landing = next((e for e in es if e["page"] is not None), None)
    if landing is None:
        return None
    url = urlsplit(landing["page"])
    q = {k: unquote_plus(v[0]) for k, v in parse_qs(url.query, keep_blank_values=True).items()}
    utm = {k: q.get(k) or None for k in ("utm_source", "utm_medium", "utm_campaign")}
    ads = any(k in q for k in ("gclid", "wbraid", "gbraid"))
    if ads or any(utm.values()):
        return ("google" if ads else utm["utm_source"] or ns, "cpc" if ads else utm["utm_medium"] or ns,
                utm["utm_campaign"] or ns, "utm")
    if landing["referrer"]:
        host = (urlsplit(landing["referrer"]).hostname or "").lower()
        bare = lambda h: h[4:] if h.startswith("www.") else h
        if host and bare(host) != bare((url.hostname or "").lower()):
            return (host, "referral", "(referral)", "referrer")
    return None


def main():
    evts = list(events())
    sessions = defaultdict(list)
    links = defaultdict(lambda: [None, None])  # (device, customer) -> first, last seen
    for e in evts:
        sessions[(e["device"], e["ga"])].append(e)
        if e["user_id"]:
            link = links[(e["device"], e["user_id"])]
            link[0] = e["ts"] if link[0] is None else min(link[0], e["ts"])
            link[1] = e["ts"] if link[1] is None else max(link[1], e["ts"])
    snaps = snapshots()
    web = defaultdict(lambda: {"sessions": 0, "converted": 0, "revenue": 0.0})
    by_customer = defaultdict(lambda: {"purchase_sessions": 0, "revenue": 0.0, "unknown": False})
    rows = defaultdict(lambda: {"attempts": 0, "success": 0, "failure": 0, "timeout": 0,
                                "abandoned": 0, "times": []})
    traffic = defaultdict(int)
    by_device = defaultdict(list)  # device -> [(start, session id, own source)]
    for (device, ga), es in sessions.items():
        es.sort(key=lambda e: (e["ts"], e["name"]))
        by_device[device].append((es[0]["ts"], f"{device}:{ga}", own_source(es)))
    for device, ss in by_device.items():
        ss.sort()
        for i, (start, _, own) in enumerate(ss):
            # A direct visit carries over the device's last own source of the look-back before it.
            earlier = [(t, o) for t, _, o in ss[:i] if o is not None and t >= start - ATTRIBUTION_LOOKBACK_US]
            src = own or (earlier[-1][1][:3] + ("carried_over",) if earlier else
                          ("(direct)", "(none)", "(direct)", "direct"))
            day = dt.datetime.fromtimestamp(start / 1e6, dt.timezone.utc).date().isoformat()
            traffic[(day, channel(*src[:3]), src[3], src[0], src[1], src[2])] += 1
    for (device, _), es in sessions.items():
        es.sort(key=lambda e: e["ts"])
        start_us, end_us = es[0]["ts"], es[-1]["ts"]
        day = dt.datetime.fromtimestamp(start_us / 1e6, dt.timezone.utc).date().isoformat()
        logins = [e for e in es if e["user_id"]]
        customer = logins[-1]["user_id"] if logins else None
        if customer is None:
            cands = [(c, fl) for (d, c), fl in links.items() if d == device]
            # Before the session: the latest sighting first (a customer's last one if before the
            # start, else their first), then the earliest first sighting, then the id.
            before = sorted((-(fl[1] if fl[1] <= start_us else fl[0]), fl[0], c)
                            for c, fl in cands if fl[0] <= start_us)
            after = sorted((fl[0], c) for c, fl in cands if start_us < fl[0] <= start_us + LOOKBACK_US)
            if before:
                customer = before[0][2]
            elif after:
                customer = after[0][1]
        revenue = {e["transaction_id"]: e["revenue"] for e in es
                   if e["name"] == "purchase" and e["revenue"] is not None}
        if customer is not None:
            c = by_customer[customer]
            c["purchase_sessions"] += any(e["name"] == "purchase" for e in es)
            c["revenue"] += sum(revenue.values())
            c["unknown"] |= any(e["name"] == "purchase" and e["revenue"] is None for e in es)
        for s in (segment_at(snaps, customer, start_us), "(all)"):
            w = web[(day, s)]
            w["sessions"] += 1
            w["converted"] += any(e["name"] == "purchase" for e in es)
            w["revenue"] += sum(revenue.values())
        pairs = [(e["ts"], e["name"]) for e in es]
        for name, start, success, failure, timeout_s in TASKS:
            for outcome, seconds, attempt_start in attempts(pairs, end_us, start, success, failure,
                                                           timeout_s * 1_000_000):
                seg = segment_at(snaps, customer, attempt_start)
                for s in (seg, "(all)"):
                    r = rows[(day, name, s)]
                    r["attempts"] += 1
                    r[outcome] += 1
                    if seconds is not None:
                        r["times"].append(seconds)
    print("| date | task | segment | attempts | successes | failures | timeouts | abandons "
          "| success rate | median s | p90 s |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key in sorted(rows):
        r = rows[key]
        rate = r["success"] / r["attempts"]
        med, p90 = percentile(r["times"], 0.5), percentile(r["times"], 0.9)
        fmt = lambda x: "-" if x is None else f"{x:.4f}"
        print(f"| {key[0]} | {key[1]} | {key[2]} | {r['attempts']} | {r['success']} | {r['failure']} "
              f"| {r['timeout']} | {r['abandoned']} | {rate:.4f} | {fmt(med)} | {fmt(p90)} |")
    print()
    # The quarter (both sample dates are in 2026-Q3): each task's own attempts of the quarter, and the
    # 95 % Wilson interval of its rate, shown from min-sample (30) attempts as in gold.task_scorecard_*.
    print("| quarter | task | segment | attempts | successes | failures | timeouts | abandons "
          "| success rate | CI low | CI high | median s | p90 s |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    quarter = defaultdict(lambda: {"attempts": 0, "success": 0, "failure": 0, "timeout": 0,
                                   "abandoned": 0, "times": []})
    for (_, task, seg), r in rows.items():
        q = quarter[(task, seg)]
        for k in ("attempts", "success", "failure", "timeout", "abandoned", "times"):
            q[k] += r[k]
    for (task, seg) in sorted(quarter):
        q = quarter[(task, seg)]
        n, k = q["attempts"], q["success"]
        fmt = lambda x: "-" if x is None else f"{x:.4f}"
        shown = n >= 30
        rate = k / n if shown else None
        z = 1.96
        centre, spread = k / n + z * z / (2 * n), z * ((k / n) * (1 - k / n) / n + z * z / (4 * n * n)) ** 0.5
        low, high = ((centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n)) if shown else (None, None)
        print(f"| 2026-Q3 | {task} | {seg} | {n} | {k} | {q['failure']} | {q['timeout']} | {q['abandoned']} "
              f"| {fmt(rate)} | {fmt(low)} | {fmt(high)} | {fmt(percentile(q['times'], 0.5))} "
              f"| {fmt(percentile(q['times'], 0.9))} |")
    print()
    print("| date | segment | sessions | converted | purchase revenue | per session | per converted |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for key in sorted(web):
        w = web[key]
        per_converted = f"{w['revenue'] / w['converted']:.4f}" if w["converted"] else "-"
        print(f"| {key[0]} | {key[1]} | {w['sessions']} | {w['converted']} | {w['revenue']:.2f} "
              f"| {w['revenue'] / w['sessions']:.4f} | {per_converted} |")
    print()
    # Session traffic (silver.web_session session_* columns): sessions per start date, channel,
    # basis and source / medium / campaign.
    print("| date | channel | basis | source | medium | campaign | sessions |")
    print("|---|---|---|---|---|---|---:|")
    for key in sorted(traffic):
        print("| " + " | ".join(key) + f" | {traffic[key]} |")
    print()
    # Lifetime value (gold.customer_lifetime_value): the current CRM version's value, else the sum of
    # the customer's sessions' purchase revenue through the last sample date.
    print("| customer | segment | lifetime value | basis | purchase sessions | web purchase revenue |")
    print("|---|---|---:|---|---:|---:|")
    for cid in sorted(snaps):
        _, segment, _, crm = snaps[cid][-1]
        c = by_customer[cid]
        web_revenue = None if c["unknown"] else c["revenue"]
        value, basis = (float(crm), "crm") if crm else (web_revenue, "web_purchases" if web_revenue is not None else "-")
        fmt = lambda x: "-" if x is None else f"{x:.2f}"
        print(f"| {cid} | {segment} | {fmt(value)} | {basis} | {c['purchase_sessions']} | {fmt(web_revenue)} |")


if __name__ == "__main__":
    main()
