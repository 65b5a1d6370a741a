#!/usr/bin/env python3
"""A stand-in for a BigBlueButton server's API, for comcom's tests: it checks
each call's checksum with hashlib from the published rule (see
check_visio.py) and answers the API's XML, SUCCESS or FAILED/checksumError.
Every call is appended to DIR/calls.jsonl.

    python3 tests/fake_bbb.py --dir DIR --secret SECRET [--max-seconds 60]

Listens on 127.0.0.1 only and prints "PORT <n>" once ready; exits by itself
after --max-seconds.
"""

import argparse
import http.server
import json
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_visio import bbb_checksum_valid  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--max-seconds", type=float, default=60)
    args = parser.parse_args()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            url = "http://127.0.0.1" + self.path
            call, query, valid = bbb_checksum_valid(url, args.secret)
            with open(os.path.join(args.dir, "calls.jsonl"), "a") as f:
                f.write(json.dumps({"call": call, "params": dict(urllib.parse.parse_qsl(query)), "valid": valid}) + "\n")
            if valid:
                body = "<response><returncode>SUCCESS</returncode><meetingID>%s</meetingID></response>" % (
                    dict(urllib.parse.parse_qsl(query)).get("meetingID", ""))
            else:
                body = "<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey></response>"
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("PORT", server.server_address[1], flush=True)
    threading.Timer(args.max_seconds, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
