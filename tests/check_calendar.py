#!/usr/bin/env python3
"""Reads an iCalendar object that comcom wrote, with the independent
`icalendar` package (PyPI), and prints what it found as JSON for the Rust
tests (crates/comcom/tests/it/meetings.rs).

    python3 tests/check_calendar.py FILE.ics
    python3 tests/check_calendar.py --eml FILE.eml   # an email with an invitation

Times are converted to UTC twice: with the VTIMEZONE written in the file
itself (dateutil, lookup_tzid=False) and with the tz database (zoneinfo), so
a wrong VTIMEZONE shows as a difference. The raw checks look at the bytes:
CRLF line ends only, physical lines of 75 octets at most, and each physical
line valid UTF-8 on its own (folds never split a character).
"""

import datetime
import email
import email.policy
import json
import re
import sys
import zoneinfo

import icalendar


def raw_checks(data: bytes) -> dict:
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    each_utf8 = True
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            each_utf8 = False
    return {
        "crlf_only": b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b""),
        "ends_with_crlf": data.endswith(b"\r\n"),
        "max_octets": max((len(l) for l in lines), default=0),
        "continuation_lines": sum(1 for l in lines if l.startswith(b" ")),
        "each_line_utf8": each_utf8,
    }


def utc(value, vtz_tz):
    if not isinstance(value, datetime.datetime):
        return None, None, None
    naive = value.replace(tzinfo=None)
    tzid = getattr(value.tzinfo, "key", None) or str(value.tzinfo)
    by_vtimezone = naive.replace(tzinfo=vtz_tz).astimezone(datetime.timezone.utc) if vtz_tz else None
    try:
        by_zoneinfo = naive.replace(tzinfo=zoneinfo.ZoneInfo(tzid)).astimezone(datetime.timezone.utc)
    except Exception:
        by_zoneinfo = None
    fmt = lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ") if d else None
    return naive.strftime("%Y-%m-%dT%H:%M:%S"), fmt(by_vtimezone), fmt(by_zoneinfo)


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def address(value):
    text = str(value)
    return text[7:] if text.lower().startswith("mailto:") else text


def analyse(data: bytes) -> dict:
    cal = icalendar.Calendar.from_ical(data)
    zones = {}
    timezones = []
    for vtz in cal.walk("VTIMEZONE"):
        tzid = str(vtz["TZID"])
        zones[tzid] = vtz.to_tz(lookup_tzid=False)
        observances = []
        for sub in vtz.subcomponents:
            observances.append({
                "kind": sub.name,
                "dtstart": sub["DTSTART"].dt.strftime("%Y-%m-%dT%H:%M:%S"),
                "from": text(sub["TZOFFSETFROM"].to_ical()),
                "to": text(sub["TZOFFSETTO"].to_ical()),
                "name": str(sub.get("TZNAME", "")),
            })
        timezones.append({"tzid": tzid, "observances": observances})
    events = []
    for ev in cal.walk("VEVENT"):
        start, end = ev["DTSTART"], ev["DTEND"]
        tzid = start.params.get("TZID")
        s_local, s_vtz, s_zi = utc(start.dt, zones.get(tzid))
        e_local, e_vtz, e_zi = utc(end.dt, zones.get(end.params.get("TZID")))
        attendees = ev.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        organizer = ev.get("ORGANIZER")
        events.append({
            "uid": str(ev["UID"]),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "status": str(ev.get("STATUS", "")),
            "summary": str(ev.get("SUMMARY", "")),
            "description": str(ev.get("DESCRIPTION", "")),
            "location": str(ev.get("LOCATION", "")),
            "url": str(ev.get("URL", "")),
            "dtstamp": ev["DTSTAMP"].dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "dtstart_tzid": tzid,
            "dtstart_local": s_local,
            "dtstart_utc_vtimezone": s_vtz,
            "dtstart_utc_zoneinfo": s_zi,
            "dtend_tzid": end.params.get("TZID"),
            "dtend_local": e_local,
            "dtend_utc_vtimezone": e_vtz,
            "dtend_utc_zoneinfo": e_zi,
            "organizer": address(organizer) if organizer else None,
            "organizer_cn": str(organizer.params.get("CN", "")) if organizer else None,
            "attendees": [
                {
                    "email": address(a),
                    "cn": str(a.params.get("CN", "")),
                    "partstat": str(a.params.get("PARTSTAT", "")),
                    "rsvp": str(a.params.get("RSVP", "")),
                }
                for a in attendees
            ],
        })
    return {
        "raw": raw_checks(data),
        "method": str(cal.get("METHOD", "")),
        "version": str(cal.get("VERSION", "")),
        "prodid": str(cal.get("PRODID", "")),
        "calname": str(cal.get("X-WR-CALNAME", "")),
        "timezones": timezones,
        "events": events,
    }


def analyse_email(raw: bytes) -> dict:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    inline, attachment = None, None
    parts = []
    for part in message.walk():
        parts.append(part.get_content_type())
        if part.get_content_type() == "text/calendar":
            inline = part
        elif part.get_filename() and part.get_filename().endswith(".ics"):
            attachment = part
    result = {"parts": parts, "subject": str(message["Subject"]), "to": str(message["To"])}
    text = message.get_body(preferencelist=("plain",))
    result["text"] = text.get_content() if text else ""
    if inline is not None:
        body = inline.get_payload(decode=True)
        # The header as sent (the email package would re-quote parameters).
        unfolded = raw.replace(b"\r\n ", b" ").replace(b"\r\n\t", b" ")
        found = re.search(rb"(?im)^content-type:\s*(text/calendar[^\r\n]*)", unfolded)
        result["calendar_content_type"] = found.group(1).decode() if found else None
        result["calendar_method_param"] = inline.get_param("method")
        result["calendar_charset"] = inline.get_param("charset")
        result["calendar"] = analyse(body)
        if attachment is not None:
            result["attachment_filename"] = attachment.get_filename()
            result["attachment_content_type"] = attachment.get_content_type()
            result["attachment_same"] = attachment.get_payload(decode=True) == body
    return result


def main():
    args = sys.argv[1:]
    if args and args[0] == "--eml":
        with open(args[1], "rb") as f:
            print(json.dumps(analyse_email(f.read())))
    else:
        with open(args[0], "rb") as f:
            print(json.dumps(analyse(f.read())))


if __name__ == "__main__":
    main()
