#!/usr/bin/env python3
"""Prints, as JSON, what Python's own email parser reads in a message file, so
that comcom-mail's tests check the messages with a parser independent of the
one that wrote them.

    python3 tests/check_email.py FILE.eml

Output: {"headers": {name: [decoded values]}, "content_type", "defects",
"parts": [{"content_type", "charset", "transfer_encoding", "content", "defects"}]}
where "content" is the decoded text of each leaf part.

Header values are decoded with the RFC 2047 decoder of `email.header`: the
newer header registry keeps the space between two adjacent encoded words in a
display name ("Verco rs"), which RFC 2047 section 6.2 says to drop.
"""

import email
import email.policy
import json
from email.header import decode_header, make_header
import sys


def describe(path):
    with open(path, "rb") as file:
        raw = file.read()
    message = email.message_from_bytes(raw, policy=email.policy.default)

    headers = {}
    for name, value in email.message_from_bytes(raw, policy=email.policy.compat32).items():
        headers.setdefault(name, []).append(str(make_header(decode_header(value))))

    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        parts.append(
            {
                "content_type": part.get_content_type(),
                "charset": part.get_content_charset(),
                "transfer_encoding": part.get("Content-Transfer-Encoding"),
                "content": part.get_content(),
                "defects": [type(d).__name__ for d in part.defects],
            }
        )

    return {
        "headers": headers,
        "content_type": message.get_content_type(),
        "defects": [type(d).__name__ for d in message.defects],
        "parts": parts,
    }


if __name__ == "__main__":
    json.dump(describe(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1)
    print()
