#!/usr/bin/env python3
"""Checks a JSON Feed 1.1 document against the rules of its specification
(https://www.jsonfeed.org/version/1.1/), independently of the Rust code that
wrote it, and prints what it reads, as JSON.

    python3 tests/check_json_feed.py FILE

feedparser 6.0 does not read JSON Feed, so the document is read with Python's
own json module and checked with jsonschema against a schema written from the
specification's text (required keys, types, object shapes), then with the
rules a schema cannot say: RFC 3339 dates, absolute URLs, unique item ids.

Output: {"version", "title", "home_page_url", "feed_url", "items": [{"id",
"url", "title", "content_html", "date_published", "date_modified", "tags",
"attachments"}], "violations": [text, ...]}; "violations" is empty for a valid
feed.
"""

import json
import re
import sys
import urllib.parse

import jsonschema

VERSION = "https://jsonfeed.org/version/1.1"
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)

AUTHOR = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "url": {"type": "string"},
        "avatar": {"type": "string"},
    },
    "anyOf": [{"required": ["name"]}, {"required": ["url"]}, {"required": ["avatar"]}],
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": VERSION},
        "title": {"type": "string"},
        "home_page_url": {"type": "string"},
        "feed_url": {"type": "string"},
        "description": {"type": "string"},
        "user_comment": {"type": "string"},
        "next_url": {"type": "string"},
        "icon": {"type": "string"},
        "favicon": {"type": "string"},
        "authors": {"type": "array", "items": AUTHOR},
        "language": {"type": "string"},
        "expired": {"type": "boolean"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [
                    {"required": ["content_html"]},
                    {"required": ["content_text"]},
                ],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string"},
                    "external_url": {"type": "string"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "content_text": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": {"type": "string"},
                    "banner_image": {"type": "string"},
                    "date_published": {"type": "string"},
                    "date_modified": {"type": "string"},
                    "authors": {"type": "array", "items": AUTHOR},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "language": {"type": "string"},
                    "attachments": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["url", "mime_type"],
                            "properties": {
                                "url": {"type": "string"},
                                "mime_type": {"type": "string"},
                                "title": {"type": "string"},
                                "size_in_bytes": {"type": "integer", "minimum": 0},
                                "duration_in_seconds": {"type": "number", "minimum": 0},
                            },
                        },
                    },
                },
            },
        },
    },
}


def absolute(url):
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check(doc):
    violations = [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in jsonschema.Draft202012Validator(SCHEMA).iter_errors(doc)
    ]
    if violations:
        return violations
    for key in ("home_page_url", "feed_url"):
        if key in doc and not absolute(doc[key]):
            violations.append(f"{key} is not an absolute URL: {doc[key]}")
    seen = set()
    for index, item in enumerate(doc["items"]):
        if item["id"] in seen:
            violations.append(f"items/{index}: id {item['id']} repeated")
        seen.add(item["id"])
        for key in ("url", "external_url", "image", "banner_image"):
            if key in item and not absolute(item[key]):
                violations.append(f"items/{index}/{key} is not an absolute URL")
        for key in ("date_published", "date_modified"):
            if key in item and not RFC3339.match(item[key]):
                violations.append(f"items/{index}/{key} is not RFC 3339: {item[key]}")
        for attachment in item.get("attachments", []):
            if not absolute(attachment["url"]):
                violations.append(f"items/{index}: attachment URL is not absolute")
    return violations


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[1], encoding="utf-8") as f:
        try:
            doc = json.load(f)
        except json.JSONDecodeError as e:
            print(json.dumps({"violations": [f"not JSON: {e}"], "items": []}))
            return
    violations = check(doc) if isinstance(doc, dict) else ["not a JSON object"]
    items = doc.get("items", []) if isinstance(doc, dict) else []
    print(
        json.dumps(
            {
                "version": doc.get("version") if isinstance(doc, dict) else None,
                "title": doc.get("title") if isinstance(doc, dict) else None,
                "home_page_url": doc.get("home_page_url") if isinstance(doc, dict) else None,
                "feed_url": doc.get("feed_url") if isinstance(doc, dict) else None,
                "items": [
                    {
                        key: item.get(key)
                        for key in (
                            "id",
                            "url",
                            "title",
                            "content_html",
                            "date_published",
                            "date_modified",
                            "tags",
                            "attachments",
                            "image",
                        )
                    }
                    for item in items
                    if isinstance(item, dict)
                ],
                "violations": violations,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
