#!/usr/bin/env python3
"""Verifies the DKIM signature of a message with dkimpy, an implementation
independent of the one that signed it (lettre), against a public key given as
a file instead of DNS.

    python3 tests/check_dkim.py MESSAGE.eml PUBLIC_KEY.pem

Prints a JSON object: {"valid": true|false, "selector", "domain", "headers"}
where "headers" lists the header fields the signature covers. Exits 0 either
way; the test reads "valid".
"""

import base64
import json
import re
import sys

import dkim


def txt_record(public_pem):
    body = "".join(
        line.strip()
        for line in public_pem.splitlines()
        if line.strip() and not line.startswith("-----")
    )
    # Check that the key decodes before handing it over.
    base64.b64decode(body)
    return f"v=DKIM1; k=rsa; p={body}".encode()


def main():
    message = open(sys.argv[1], "rb").read()
    record = txt_record(open(sys.argv[2]).read())

    def dnsfunc(name, timeout=5):
        return record

    verifier = dkim.DKIM(message)
    valid = verifier.verify(dnsfunc=dnsfunc)
    signature = dkim.util.parse_tag_value(
        re.search(rb"^DKIM-Signature:(.*?)\r?\n(?![ \t])", message, re.S | re.M).group(1)
    ) if b"DKIM-Signature:" in message else {}
    print(
        json.dumps(
            {
                "valid": bool(valid),
                "selector": signature.get(b"s", b"").decode(),
                "domain": signature.get(b"d", b"").decode(),
                "headers": [
                    h.strip().decode().lower()
                    for h in signature.get(b"h", b"").split(b":")
                    if h.strip()
                ],
            }
        )
    )


if __name__ == "__main__":
    main()
