#!/usr/bin/env python3
"""Prints, as JSON, what Python's feedparser reads in a feed file, so that
comcom-feeds' tests check the feeds with a reader independent of the code that
wrote them; and the rules of RFC 4287 (Atom) or RSS 2.0 the file breaks, which
feedparser, being lenient, does not report.

    python3 tests/check_feed.py FILE

Output: {"bozo", "bozo_exception", "version", "feed": {"id", "title", "link",
"links", "subtitle", "language", "author", "updated", "updated_iso"}, "entries": [{"id",
"title", "link", "links", "author", "published", "published_iso", "updated",
"updated_iso", "summary", "content": [{"type", "value"}], "enclosures":
[{"href", "type", "length"}], "tags"}], "violations": [text, ...]}.
Dates ending in "_iso" are feedparser's parsed dates in UTC
("2026-05-12T08:30:00Z"). "violations" is empty for a valid feed; the XML is
read by a strict parser (expat) there, so a malformed file is a violation too.
"""

import calendar
import datetime
import email.utils
import json
import re
import sys
import xml.etree.ElementTree as ElementTree

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def iso(parsed):
    if not parsed:
        return None
    moment = datetime.datetime.fromtimestamp(calendar.timegm(parsed), datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def links(item):
    return [
        {key: link.get(key) for key in ("rel", "href", "type", "title", "length")}
        for link in item.get("links", [])
    ]


def describe_entry(entry):
    return {
        "id": entry.get("id"),
        "title": entry.get("title"),
        "link": entry.get("link"),
        "links": links(entry),
        "author": entry.get("author"),
        "published": entry.get("published"),
        "published_iso": iso(entry.get("published_parsed")),
        "updated": entry.get("updated"),
        "updated_iso": iso(entry.get("updated_parsed")),
        "summary": entry.get("summary"),
        "content": [
            {"type": content.get("type"), "value": content.get("value")}
            for content in entry.get("content", [])
        ],
        "enclosures": [
            {"href": e.get("href"), "type": e.get("type"), "length": e.get("length")}
            for e in entry.get("enclosures", [])
        ],
        "tags": [tag.get("term") for tag in entry.get("tags", [])],
    }


def describe(path):
    parsed = feedparser.parse(path)
    feed = parsed.feed
    return {
        "bozo": bool(parsed.bozo),
        "bozo_exception": str(parsed.get("bozo_exception", "")) or None,
        "version": parsed.version,
        "feed": {
            "id": feed.get("id"),
            "title": feed.get("title"),
            "link": feed.get("link"),
            "links": links(feed),
            "subtitle": feed.get("subtitle"),
            "language": feed.get("language"),
            "author": feed.get("author"),
            "updated": feed.get("updated"),
            "updated_iso": iso(feed.get("updated_parsed")),
        },
        "entries": [describe_entry(entry) for entry in parsed.entries],
    }


def check_atom_date(violations, where, element, name, required):
    found = element.findall(ATOM + name)
    if len(found) > 1 or (required and len(found) != 1):
        violations.append(f"{where}: {len(found)} <{name}> elements")
    for date in found:
        if not RFC3339.match((date.text or "").strip()):
            violations.append(f"{where}: <{name}> {date.text!r} is not an RFC 3339 date")


def check_atom_common(violations, where, element):
    """The rules shared by atom:feed and atom:entry (RFC 4287, 4.1.1 and 4.1.2)."""
    ids = element.findall(ATOM + "id")
    if len(ids) != 1:
        violations.append(f"{where}: {len(ids)} <id> elements")
    for identifier in ids:
        if not ABSOLUTE_IRI.match((identifier.text or "").strip()):
            violations.append(f"{where}: <id> {identifier.text!r} is not an absolute IRI")
    titles = element.findall(ATOM + "title")
    if len(titles) != 1:
        violations.append(f"{where}: {len(titles)} <title> elements")
    check_atom_date(violations, where, element, "updated", required=True)
    for name in ("title", "subtitle", "summary", "rights"):
        for text in element.findall(ATOM + name):
            if text.get("type", "text") not in ("text", "html", "xhtml"):
                violations.append(f"{where}: <{name}> has type {text.get('type')!r}")
    alternates = set()
    for link in element.findall(ATOM + "link"):
        href = link.get("href")
        if not href:
            violations.append(f"{where}: a <link> has no href")
        rel = link.get("rel", "alternate")
        if rel == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in alternates:
                violations.append(f"{where}: two alternate links with type and hreflang {key}")
            alternates.add(key)
        if rel == "enclosure" and link.get("length") is not None:
            if not link.get("length").isdigit():
                violations.append(f"{where}: enclosure length {link.get('length')!r}")
    for person in element.findall(ATOM + "author"):
        if len(person.findall(ATOM + "name")) != 1:
            violations.append(f"{where}: an <author> without exactly one <name>")
    for category in element.findall(ATOM + "category"):
        if not category.get("term"):
            violations.append(f"{where}: a <category> without term")


def atom_violations(root):
    violations = []
    if root.tag != ATOM + "feed":
        return [f"the root element is {root.tag}, not atom:feed"]
    check_atom_common(violations, "feed", root)
    if not any(link.get("rel") == "self" for link in root.findall(ATOM + "link")):
        violations.append("feed: no link rel=self")
    entries = root.findall(ATOM + "entry")
    feed_has_author = bool(root.findall(ATOM + "author"))
    seen = set()
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        check_atom_common(violations, where, entry)
        check_atom_date(violations, where, entry, "published", required=False)
        identifier = entry.findtext(ATOM + "id")
        if identifier in seen:
            violations.append(f"{where}: id {identifier!r} used twice")
        seen.add(identifier)
        if not feed_has_author and not entry.findall(ATOM + "author"):
            violations.append(f"{where}: no author, and the feed has none")
        contents = entry.findall(ATOM + "content")
        if len(contents) > 1:
            violations.append(f"{where}: {len(contents)} <content> elements")
        alternate = [
            link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"
        ]
        if not contents and not alternate:
            violations.append(f"{where}: neither <content> nor an alternate link")
        for content in contents:
            if content.get("type", "text") not in ("text", "html", "xhtml"):
                violations.append(f"{where}: <content> has type {content.get('type')!r}")
    return violations


def is_rfc822_date(text):
    try:
        return email.utils.parsedate_to_datetime(text or "") is not None
    except (TypeError, ValueError):
        return False


def rss_violations(root):
    violations = []
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"the root element is {root.tag} version {root.get('version')}, not rss 2.0"]
    channel = root.find("channel")
    if channel is None:
        return ["no <channel>"]
    for name in ("title", "link", "description"):
        if len(channel.findall(name)) != 1:
            violations.append(f"channel: not exactly one <{name}>")
    if not any(link.get("rel") == "self" for link in channel.findall(ATOM + "link")):
        violations.append("channel: no atom:link rel=self")
    for name in ("pubDate", "lastBuildDate"):
        for date in channel.findall(name):
            if not is_rfc822_date(date.text):
                violations.append(f"channel: <{name}> {date.text!r} is not an RFC 822 date")
    for number, item in enumerate(channel.findall("item"), start=1):
        where = f"item {number}"
        if item.find("title") is None and item.find("description") is None:
            violations.append(f"{where}: neither <title> nor <description>")
        for date in item.findall("pubDate"):
            if not is_rfc822_date(date.text):
                violations.append(f"{where}: <pubDate> {date.text!r} is not an RFC 822 date")
        for enclosure in item.findall("enclosure"):
            for attribute in ("url", "length", "type"):
                if not enclosure.get(attribute):
                    violations.append(f"{where}: <enclosure> without {attribute}")
            if not (enclosure.get("length") or "").isdigit():
                violations.append(f"{where}: enclosure length {enclosure.get('length')!r}")
    return violations


def violations(path):
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag.startswith(ATOM):
        return atom_violations(root)
    return rss_violations(root)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_feed.py FILE")
    report = describe(sys.argv[1])
    report["violations"] = violations(sys.argv[1])
    json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
