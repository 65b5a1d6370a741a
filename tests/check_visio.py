#!/usr/bin/env python3
"""Checks the visio links comcom makes against each protocol's published
rules, with an implementation of our own choosing (PyJWT, hashlib), for the
Rust tests (crates/comcom/tests/it/meetings.rs). Prints JSON.

    python3 tests/check_visio.py jwt TOKEN SECRET [AUDIENCE]
        HS256 signature, exp and nbf checked by PyJWT (and aud when given);
        prints the claims, or {"error": "..."}.
    python3 tests/check_visio.py bbb URL SECRET
        Recomputes BigBlueButton's checksum: hash(call name + query string
        without checksum + shared secret), SHA-1 (40 hex digits) or SHA-256
        (64); prints {"call", "params", "valid"}.
"""

import hashlib
import json
import sys
import urllib.parse

import jwt


def check_jwt(token, secret, audience=None):
    options = {"require": ["exp", "nbf"]}
    try:
        if audience:
            claims = jwt.decode(token, secret, algorithms=["HS256"], audience=audience, options=options)
        else:
            options["verify_aud"] = False
            claims = jwt.decode(token, secret, algorithms=["HS256"], options=options)
    except jwt.PyJWTError as e:
        return {"error": type(e).__name__}
    header = jwt.get_unverified_header(token)
    return {"claims": claims, "header": header}


def bbb_checksum_valid(url, secret):
    parsed = urllib.parse.urlsplit(url)
    call = parsed.path.rstrip("/").rsplit("/", 1)[-1]
    query = parsed.query
    head, sep, checksum = query.rpartition("&checksum=")
    if not sep:
        return call, query, False
    algo = {40: hashlib.sha1, 64: hashlib.sha256}.get(len(checksum))
    if algo is None:
        return call, head, False
    expected = algo((call + head + secret).encode("utf-8")).hexdigest()
    return call, head, expected == checksum


def main():
    kind = sys.argv[1]
    if kind == "jwt":
        audience = sys.argv[4] if len(sys.argv) > 4 else None
        print(json.dumps(check_jwt(sys.argv[2], sys.argv[3], audience)))
    elif kind == "bbb":
        call, query, valid = bbb_checksum_valid(sys.argv[2], sys.argv[3])
        params = dict(urllib.parse.parse_qsl(query))
        print(json.dumps({"call": call, "params": params, "valid": valid}))
    else:
        sys.exit("unknown check")


if __name__ == "__main__":
    main()
