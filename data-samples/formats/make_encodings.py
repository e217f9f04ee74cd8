#!/usr/bin/env python3
"""Derives formats/encodings/ from crm/ and surveys/: the same CSV exports as tools write them
in other encodings, all with CRLF line endings (run from data-samples/):
- crm/<date>/customers.csv   UTF-16 little-endian with byte-order mark (Excel's "Unicode text")
- crm/<date>/tickets.csv     UTF-8 with byte-order mark
- surveys/<date>/responses.csv  UTF-16 big-endian with byte-order mark
"""
import os

def convert(src, dst, encode):
    with open(src, encoding="utf-8", newline="") as f:
        text = f.read().replace("\r\n", "\n").replace("\n", "\r\n")
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "wb") as f:
        f.write(encode(text))

for day in ("2026-09-14", "2026-09-15"):
    convert("crm/%s/customers.csv" % day, "formats/encodings/crm/%s/customers.csv" % day,
            lambda t: b"\xff\xfe" + t.encode("utf-16-le"))
    convert("crm/%s/tickets.csv" % day, "formats/encodings/crm/%s/tickets.csv" % day,
            lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"))
    convert("surveys/%s/responses.csv" % day, "formats/encodings/surveys/%s/responses.csv" % day,
            lambda t: b"\xfe\xff" + t.encode("utf-16-be"))
