#!/usr/bin/env python3
"""Derives formats/salesforce/ from crm/: the same customers and tickets as Salesforce object
exports (run from data-samples/). Read with xw.sources.crm.format = "salesforce", customer_id from
the contact's External ID field Customer_Number__c (the id the website and surveys carry), and
xw.sources.crm.time-zone = "Europe/Berlin".

Every customer is a Contact with an Account of its own (segment, plan, region, status, churn date
and owner are Account fields), and its lifetime value is the sum of its account's won
Opportunities (two won, one lost). Tickets are Cases linked by ContactId. Every value is quoted;
ids are 18 characters.

- 2026-09-14 as the weekly Data Export writes it: API names as headers, date-times in UTC with Z
  and milliseconds, booleans true/false, LF line ends, a multi-line Description.
- 2026-09-15 as Data Loader writes it: upper-case headers, date-times without zone in the
  configured zone (Europe/Berlin, UTC+2 in September), booleans 1/0, CRLF line ends, the Cases'
  ContactId as 15-character ids.

Variants beyond the plain rows (both days): a deleted Contact, a deleted Case and a deleted Account
(deleted_in_source), a Contact whose AccountId is the all-zero placeholder (no account, so no
segment: missing_segment), a Case whose ContactId is the placeholder (missing_key, the plain file's
ticket without customer), a won Opportunity with Amount "12,50" (bad_number) and one with IsWon
"maybe" (bad_boolean), both on C0001's account, whose lifetime value stays 16.99.
"""
import csv
import datetime
import io
import os

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def suffix(id15):
    out = ""
    for chunk in range(3):
        code = sum(1 << bit for bit in range(5) if id15[chunk * 5 + bit].isupper())
        out += ALPHABET[code]
    return out


def sfid(prefix, n):
    """An 18-character id: key prefix (3), pod '5g', zeros, n in base 62 (mixed case)."""
    body = ""
    while True:
        body = DIGITS[n % 62] + body
        n //= 62
        if n == 0:
            break
    id15 = prefix + "5g" + body.rjust(10, "0")
    return id15 + suffix(id15)


PLACEHOLDER = "000000000000000AAA"


def at(text, day):
    """A plain UTC date-time as the day's export writes it; text that is no date-time stays."""
    try:
        t = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return text
    if day == "2026-09-14":
        return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return (t + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S")


def boolean(value, day):
    return ("true" if value else "false") if day == "2026-09-14" else ("1" if value else "0")


def write(path, header, rows, day):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if day != "2026-09-14":
        header = [h.upper() for h in header]
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n" if day == "2026-09-14" else "\r\n")
    w.writerow(header)
    w.writerows(rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


owners = {}


def owner(alias):
    if alias not in owners:
        owners[alias] = sfid("005", 100 + len(owners))
    return owners[alias]


for day in ["2026-09-14", "2026-09-15"]:
    customers = list(csv.DictReader(open("crm/%s/customers.csv" % day, encoding="utf-8")))
    tickets = list(csv.DictReader(open("crm/%s/tickets.csv" % day, encoding="utf-8")))
    accounts, contacts, opportunities, cases = [], [], [], []
    contact_of = {}
    f = lambda v: boolean(v, day)
    for i, c in enumerate(customers, start=1):
        account_id, contact_id = sfid("001", 1000 + i), sfid("003", 2000 + i)
        if c["Customer ID"] and c["Customer ID"] not in contact_of:
            contact_of[c["Customer ID"]] = contact_id
        first, _, last = c["Full Name"].partition(" ")
        created = c["Signup Date"] + "T09:30:00Z" if c["Signup Date"] else ""
        accounts.append([account_id, f(False), c["Full Name"], "Customer", c["Segment"], c["Plan"], c["Region"],
                         c["Status"], c["Churn Date"], owner(c["Owner"]) if c["Owner"] else "",
                         at("2024-01-01T00:00:00Z", day)])
        contacts.append([contact_id, f(False), account_id, last, first, c["Full Name"], c["Email"], c["Phone"],
                         at(created, day),
                         c["Customer ID"], "Main Street %d\nFloor %d" % (i, i % 5)])
        if c["Lifetime Value"]:
            cents = int(round(float(c["Lifetime Value"]) * 100))
            first_part = cents // 3
            opportunities.append([sfid("006", 3000 + 3 * i), f(False), account_id, "Renewal",
                                  "Closed Won", "%d.%02d" % divmod(first_part, 100), f(True), "2026-01-15"])
            opportunities.append([sfid("006", 3001 + 3 * i), f(False), account_id, "First order",
                                  "Closed Won", "%d.%02d" % divmod(cents - first_part, 100), f(True), "2025-06-01"])
        opportunities.append([sfid("006", 3002 + 3 * i), f(False), account_id, "Upsell", "Closed Lost",
                              "500.00", f(False), "2026-03-01"])
    n = len(customers)
    # Deleted account (no contacts), deleted contact, contact without account.
    accounts.append([sfid("001", 1900), f(True), "Gone Ltd", "Customer", "smb", "team", "EMEA", "active", "",
                     owner("U-101"), at("2024-01-01T00:00:00Z", day)])
    contacts.append([sfid("003", 2900), f(True), sfid("001", 1001), "Deleted", "Dora", "Dora Deleted",
                     "dora@example.com", "", at("2026-01-02T09:30:00Z", day), "C0900", ""])
    contacts.append([sfid("003", 2901), f(False), PLACEHOLDER, "Nobody", "Nina", "Nina Nobody",
                     "nina@example.com", "", at("2026-01-02T09:30:00Z", day), "C0901", ""])
    c1 = sfid("001", 1001)
    opportunities.append([sfid("006", 3900), f(False), c1, "Typo", "Closed Won", "12,50", f(True), "2026-02-01"])
    opportunities.append([sfid("006", 3901), f(False), c1, "Unclear", "Closed Won", "99.00", "maybe", "2026-02-01"])
    night = 0 if day == "2026-09-14" else 100  # a Case id per ticket
    for k, t in enumerate(tickets, start=1):
        contact = contact_of.get(t["Customer ID"], PLACEHOLDER)
        if day != "2026-09-14":
            contact = contact[:15]
        cases.append([sfid("500", 4000 + night + k), f(False), "%08d" % (1000 + k), contact, at(t["Opened At"], day),
                      at(t["First Response At"], day), at(t["Closed At"], day), t["Channel"], t["Category"],
                      t["Status"], f(t["Reopened"] == "true"), "Customer wrote:\n\"%s\"" % t["Category"]])
    cases.append([sfid("500", 4900 + night), f(True), "00009999", contact_of["C0001"][:15 if day != "2026-09-14" else 18],
                  at(day + "T08:00:00Z", day), "", "", "web", "billing", "open", f(False), "spam"])
    folder = "formats/salesforce/crm/%s/" % day
    write(folder + "Account.csv", ["Id", "IsDeleted", "Name", "Type", "Segment__c", "Plan__c", "Region__c",
                                   "Customer_Status__c", "Churn_Date__c", "OwnerId", "CreatedDate"], accounts, day)
    write(folder + "Contact.csv", ["Id", "IsDeleted", "AccountId", "LastName", "FirstName", "Name", "Email",
                                   "Phone", "CreatedDate", "Customer_Number__c", "MailingStreet"], contacts, day)
    write(folder + "Opportunity.csv", ["Id", "IsDeleted", "AccountId", "Name", "StageName", "Amount", "IsWon",
                                       "CloseDate"], opportunities, day)
    write(folder + "Case.csv", ["Id", "IsDeleted", "CaseNumber", "ContactId", "CreatedDate", "First_Response__c",
                                "ClosedDate", "Origin", "Type", "Status", "Reopened__c", "Description"], cases, day)
