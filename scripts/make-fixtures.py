#!/usr/bin/env python3
"""Writes the demo exports under fixtures/exports/ (committed; re-run to regenerate).

Planted people, each spread over several systems with the mess real exports have:
  Jane Doe     jane.doe@example.com  +1 415 555 0134  (the demo person)
  Jane Doe     jane.doe@example.org  +1 212 555 0199  (a stranger with the same name)
  Carlos Garcia carlos.garcia@example.es +34 612 345 678
  Priya Raman  priya.raman@example.co.uk +44 7700 900123
All addresses use reserved example domains and 555-01xx / Ofcom drama numbers.
"""
import gzip
import io
import json
import os
import zipfile

ROOT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "exports")


def write(path, data):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


def csv_text(rows, delimiter=",", newline="\r\n"):
    def cell(value):
        value = "" if value is None else str(value)
        if any(c in value for c in [delimiter, '"', "\n", "\r"]) or value != value.strip():
            return '"' + value.replace('"', '""') + '"'
        return value
    return "".join(delimiter.join(cell(v) for v in row) + newline for row in rows)


# HubSpot "Export view": UTF-8 with BOM, CRLF, quoted multi-line notes.
hubspot = [
    ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name", "Lifecycle Stage",
     "Country/Region", "Create Date", "Notes", "Additional email addresses"],
    ["1001", "Jane", "Doe", "  Jane.Doe@Example.com ", "(415) 555-0134", "Acme Corp", "customer", "United States",
     "2025-02-11 09:14", "Called about renewal.\nPrefers email; \"no calls\" after 5pm.\r\nSee ticket #88.", "jdoe.home@example.net"],
    ["1002", "Jane", "Doe", "jane.doe@example.org", "212-555-0199", "Globex", "lead", "United States", "2025-03-02 16:40", ""],
    ["1003", "Carlos", "García", "carlos.garcia@example.es", "+34 612 34 56 78", "Iberia Foods", "opportunity", "Spain",
     "2025-04-19 11:05", "Met at trade fair, Madrid"],
    ["1004", "Priya", "Raman", "priya.raman@example.co.uk", "+44 7700 900123", "Northwind UK", "customer", "United Kingdom",
     "2025-05-07 08:30", ""],
    ["1005", "Tom", "Baker", "tom.baker@example.net", "415.555.0177", "Initech", "subscriber", "United States", "2025-06-21 13:12", ""],
    ["1006", "Jane", "Doe", "JD-billing@example.com", "1-415-555-0134", "Acme Corp", "customer", "United States",
     "2025-07-30 10:00", "Billing contact for Acme; same direct line as Jane."],
]
hubspot = [row + [""] * (len(hubspot[0]) - len(row)) for row in hubspot]
write("hubspot/contacts-2025.csv", b"\xef\xbb\xbf" + csv_text(hubspot).encode("utf-8"))

# Mailchimp audience export: the real header, LF endings, no BOM.
mailchimp_header = ["Email Address", "First Name", "Last Name", "Phone Number", "MEMBER_RATING", "OPTIN_TIME", "OPTIN_IP",
                    "CONFIRM_TIME", "CONFIRM_IP", "LATITUDE", "LONGITUDE", "GMTOFF", "DSTOFF", "TIMEZONE", "CC", "REGION",
                    "LAST_CHANGED", "LEID", "EUID", "NOTES"]
mailchimp = [mailchimp_header,
    ["JANE.DOE@EXAMPLE.COM", "Jane", "Doe", "415.555.0134", "4", "2024-11-02 18:22:01", "203.0.113.7", "2024-11-02 18:25:40",
     "203.0.113.7", "37.77", "-122.42", "-8", "-7", "America/Los_Angeles", "US", "CA", "2025-09-01 07:00:00", "118273645", "a1b2c3d4e5", ""],
    ["jane.doe@example.org", "Jane", "Doe", "", "2", "2025-01-15 10:00:00", "198.51.100.4", "2025-01-15 10:02:00", "198.51.100.4",
     "", "", "-5", "-4", "America/New_York", "US", "NY", "2025-01-15 10:02:00", "118273646", "f6e5d4c3b2", ""],
    ["tom.baker@example.net", "Tom", "Baker", "+1 415 555 0177", "3", "2025-02-01 12:00:00", "", "", "", "", "", "", "", "", "US", "",
     "2025-02-01 12:00:00", "118273647", "0a9b8c7d6e", "VIP, \"early adopter\""],
]
write("mailchimp/audience-members.csv", csv_text(mailchimp, newline="\n").encode("utf-8"))

# Mailchimp unsubscribes as re-saved by European Excel: semicolons, Windows-1252,
# and the export's repeated UNSUB_* column names.
unsub = [["Email Address", "Name", "Phone", "UNSUB_TIME", "UNSUB_CAMPAIGN_TITLE", "UNSUB_CAMPAIGN_ID", "UNSUB_REASON",
          "UNSUB_CAMPAIGN_ID", "UNSUB_REASON", "UNSUB_REASON_OTHER", "LEID"],
         ["jane.doe@example.com", "Jane Doe", "+1 415 555 0134", "2025-10-03 21:15:00", "Autumn Sale", "c-301", "NORMAL",
          "c-302", "SPAM", "Too many emails; weekly is fine", "118273645"],
         ["carlos.garcia@example.es", "Carlos García", "612 345 678", "2025-10-05 08:00:00", "Autumn Sale", "c-301", "NORMAL",
          "", "", "", "118273648"]]
write("mailchimp/unsubscribed-eu.csv", csv_text(unsub, delimiter=";").encode("cp1252"))

# Salesforce weekly Data Export: a zip with one CSV per object, API field names.
contact = [["Id", "IsDeleted", "AccountId", "LastName", "FirstName", "Salutation", "MailingStreet", "MailingCity",
            "MailingState", "MailingPostalCode", "MailingCountry", "Phone", "MobilePhone", "Email", "Title", "LeadSource",
            "Birthdate", "Description", "CreatedDate", "SSN__c"],
           ["0035e00000A1b2CAAR", "false", "0015e00000Zz9yXAAR", "Doe", "Jane", "Ms.", "500 Howard Street\nSuite 300", "San Francisco",
            "CA", "94105-2211", "USA", "14155550134", "+1 (415) 555-0134", "jane.doe@example.com", "VP Operations", "Web",
            "1984-03-07", "Key account, renewal due Q1", "2025-05-14T10:22:00.000Z", "078-05-1120"],
           ["0035e00000A1b2DAAR", "false", "0015e00000Zz9yYAAR", "Raman", "Priya", "Dr.", "221 Baker St", "London", "",
            "NW1 6XE", "UK", "020 7946 0958", "07700 900123", "Priya.Raman@example.co.uk", "CTO", "Partner", "", "", "2024-01-09T09:00:00.000Z", ""],
           ["0035e00000A1b2EAAR", "false", "0015e00000Zz9yZAAR", "GARCÍA", "Ana", "", "12 OAK ST APT 4", "SPRINGFIELD", "IL",
            "62704-1234", "USA", "", "(217) 555-0142", "ana.g@example.net", "Office Manager", "Web", "1990-05-12", "",
            "2024-06-01T08:00:00.000Z", ""]]
lead = [["Id", "IsDeleted", "LastName", "FirstName", "Company", "Street", "City", "State", "PostalCode", "Country", "Phone",
         "MobilePhone", "Email", "Status", "LeadSource", "Description", "CreatedDate"],
        ["00Q5e00000Bc3dEEAR", "false", "Doe", "Jane", "Acme Corp", "", "San Francisco", "CA", "", "USA", "415-555-0134 ext. 12",
         "", "jane.doe%40example.com", "Converted", "Trade Show", "Scanned badge; email field URL-encoded by the badge scanner",
         "2022-09-30T15:45:00.000Z"],
        ["00Q5e00000Bc3dFEAR", "false", "Nguyen", "An", "Contoso", "", "Seattle", "WA", "", "USA", "(206) 555-0143", "",
         "an.nguyen@example.com", "Open", "Web", "", "2025-08-12T12:00:00.000Z"]]
zbuf = io.BytesIO()
with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("Contact.csv", csv_text(contact))
    z.writestr("Lead.csv", csv_text(lead))
    z.writestr("README.txt.bak", "not a CSV member; ignored")
write("salesforce/WE_00D5e000000ABCD_1.zip", zbuf.getvalue())

# A loyalty-programme sign-up sheet: one name column ("Last, First" or "First Last") and
# one address column, the way paper forms get typed up.
loyalty = [["Member No", "Member", "Address", "Phone", "Birth Date", "Joined"],
           ["M-0001", "GARCÍA, Ana", "12 OAK ST APT 4, SPRINGFIELD, IL 62704-1234", "", "05/12/1990", "2023-03-04"],
           ["M-0002", "Ana Garcia", "880 Pine Ave, Portland, OR 97205", "(503) 555-0110", "", "2023-04-11"],
           ["M-0003", "Bill Smith", "34 Elm Street, Dayton, Ohio 45402", "", "", "2023-05-20"],
           ["M-0004", "William Smith Sr.", "34 Elm St, Dayton OH 45402", "(937) 555-0100", "1951-08-30", "2023-05-20"],
           ["M-0005", "Jane Doe", "500 Howard St Ste 300, San Francisco CA 94105", "", "", "2024-01-15"]]
write("loyalty/members.csv", csv_text(loyalty).encode("utf-8"))

# A legacy lead list, gzip-compressed, UTF-16 LE with BOM (what Excel's "Unicode text" writes), tab-separated.
legacy = [["lead_id", "full_name", "email", "phone", "source"],
          ["L-77", "Doe, Jane", "jane.doe@example.com", "415-555-0134 ext. 12", "webinar 2022"],
          ["L-78", "Baker, Tom", "tom.baker@example.net", "", "webinar 2022"]]
write("legacy/leads-2022.txt.gz", gzip.compress(b"\xff\xfe" + csv_text(legacy, delimiter="\t").encode("utf-16-le"), mtime=0))

# Web event log, JSON Lines, nested objects.
events = [
    {"event_id": "ev_0001", "type": "page_view", "ts": "2025-09-01T07:03:11Z",
     "context": {"ip": "203.0.113.7", "user_agent": "Mozilla/5.0"}, "properties": {"email": "Jane.Doe@example.com", "path": "/pricing"}},
    {"event_id": "ev_0002", "type": "form_submit", "ts": "2025-09-01T07:05:40Z",
     "context": {"ip": "203.0.113.7"}, "properties": {"email": "jane.doe@example.com", "phone": "+14155550134",
                                                        "form": "demo-request", "interests": ["analytics", "exports"]}},
    {"event_id": "ev_0003", "type": "page_view", "ts": "2025-09-02T10:00:00Z",
     "context": {"ip": "198.51.100.4"}, "properties": {"email": "jane.doe@example.org", "path": "/blog"}},
    {"event_id": "ev_0004", "type": "purchase", "ts": "2025-09-03T18:30:00Z",
     "context": {"ip": "192.0.2.55"}, "properties": {"email": "priya.raman@example.co.uk", "amount": 129.5, "currency": "GBP",
                                                      "phone": "+44 (0)7700 900123"}},
    {"event_id": "ev_0005", "type": "newsletter_signup", "ts": "2025-10-12T20:01:00Z",
     "context": {"ip": "203.0.113.7"}, "properties": {"email": "jdoe.home@example.net"}},
]
write("events/web-events.jsonl", "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events).encode("utf-8"))
print("fixtures written")
