#!/usr/bin/env python3
"""Writes formats/salesforce-standard/ (run from data-samples/): one night of a Salesforce org with
standard objects and fields only (no custom fields), read with conf/examples/salesforce-standard-org.conf.

Three Accounts (Type "Customer - Direct" or "Customer - Channel" as segment, BillingCountry as
region), four Contacts, two Cases, five Opportunities. Opportunity.CloseDate is a date field, written
by some export tools with a time: "2026-08-15 00:00:00", an ISO date-time with Z, or a plain date.
Won amounts: Acme 100.00 + 250.50 = 350.50 (two contacts), Globex 80.00 (a lost 999.00 left out),
Initech 40.00. Date-times in UTC with Z (the Data Export service's form); ids of 18 characters.
"""
import csv
import io
import os

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def sfid(prefix, n):
    """An 18-character Salesforce id: 15 characters and the case-encoding suffix."""
    id15 = prefix + "5g" + ("%010d" % n)[:-3] + "Ab" + str(n % 10)
    id15 = id15[:15]
    out = ""
    for chunk in range(3):
        out += ALPHABET[sum(1 << bit for bit in range(5) if id15[chunk * 5 + bit].isupper())]
    return id15 + out


A = {k: sfid("001", i) for i, k in enumerate(["acme", "globex", "initech"], 1)}
K = {k: sfid("003", i) for i, k in enumerate(["k1", "k2", "k3", "k4"], 1)}
OWNER = sfid("005", 7)

OBJECTS = {
    "Account": (["Id", "IsDeleted", "Name", "Type", "Industry", "BillingCountry", "OwnerId", "CreatedDate"], [
        [A["acme"], "false", "Acme Corp", "Customer - Direct", "Manufacturing", "US", OWNER, "2024-02-01T10:00:00.000Z"],
        [A["globex"], "false", "Globex GmbH", "Customer - Channel", "Energy", "DE", OWNER, "2025-03-15T08:30:00.000Z"],
        [A["initech"], "false", "Initech", "Customer - Direct", "Technology", "US", OWNER, "2025-11-20T16:45:00.000Z"],
    ]),
    "Contact": (["Id", "IsDeleted", "AccountId", "LastName", "FirstName", "Name", "Email", "Phone", "CreatedDate"], [
        [K["k1"], "false", A["acme"], "Coyote", "Wile", "Wile Coyote", "wile@acme.example", "+1 505 5550101",
         "2024-02-01T10:05:00.000Z"],
        [K["k2"], "false", A["acme"], "Runner", "Road", "Road Runner", "road@acme.example", "+1 505 5550102",
         "2025-06-01T09:00:00.000Z"],
        [K["k3"], "false", A["globex"], "Scorpio", "Hank", "Hank Scorpio", "hank@globex.example", "+49 30 5550103",
         "2025-03-15T08:35:00.000Z"],
        [K["k4"], "false", A["initech"], "Lumbergh", "Bill", "Bill Lumbergh", "bill@initech.example", "+1 512 5550104",
         "2025-11-20T16:50:00.000Z"],
    ]),
    "Case": (["Id", "IsDeleted", "CaseNumber", "ContactId", "CreatedDate", "ClosedDate", "Origin", "Type", "Status",
              "Priority", "Subject"], [
        [sfid("500", 1), "false", "00001001", K["k1"], "2026-09-14T08:00:00.000Z", "2026-09-14T12:00:00.000Z", "Email",
         "Problem", "Closed", "High", "Anvil delivered late"],
        [sfid("500", 2), "false", "00001002", K["k3"], "2026-09-14T09:30:00.000Z", "", "Phone", "Question", "New",
         "Medium", "Invoice, second copy"],
    ]),
    "Opportunity": (["Id", "IsDeleted", "AccountId", "Name", "StageName", "Amount", "IsWon", "CloseDate"], [
        [sfid("006", 1), "false", A["acme"], "Anvils 2026", "Closed Won", "100.00", "true", "2026-08-15 00:00:00"],
        [sfid("006", 2), "false", A["acme"], "Rockets", "Closed Won", "250.50", "true", "2026-09-01"],
        [sfid("006", 3), "false", A["globex"], "Pilot", "Closed Won", "80.00", "true", "2026-07-20T00:00:00.000Z"],
        [sfid("006", 4), "false", A["globex"], "Expansion", "Closed Lost", "999.00", "false", "2026-09-10 00:00:00"],
        [sfid("006", 5), "false", A["initech"], "TPS reports", "Closed Won", "40.00", "true", "2026-09-12 00:00:00"],
    ]),
}

for name, (header, rows) in OBJECTS.items():
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path = "formats/salesforce-standard/crm/2026-09-14/%s.csv" % name
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(out.getvalue())
