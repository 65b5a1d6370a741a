#!/usr/bin/env python3
"""A small SMTP server for comcom-mail's tests (crates/comcom-mail/tests/smtp.rs).

    python3 tests/smtp_sink.py --dir DIR [--port 0] [--tempfail-rcpt N]
                               [--reject ADDRESS] [--auth USER:PASSWORD] [--max-seconds 60]
                               [--hang-first N] [--delay SECONDS]

Listens on 127.0.0.1 only and prints "PORT <n>" once it accepts connections
(--port 0 lets the system choose). Each accepted message is saved as
DIR/<n>.eml (the bytes received) with DIR/<n>.json (the envelope) before the
server answers 250, so a client that got 250 finds the files in place.
--tempfail-rcpt N answers 451 to the first N RCPT commands; --reject ADDRESS
answers 550 to that recipient; --auth requires AUTH PLAIN or LOGIN with these
credentials (without TLS, as this is a test). --hang-first N never answers
the first N messages (DATA): it writes DIR/hung-<k> and waits, as a server
that stops answering mid-delivery, so that a test can kill the client then;
such a message is not accepted. --delay waits that long before accepting
each message. The server exits by itself after
--max-seconds, so a test that dies cannot leave it running.
"""

import argparse
import asyncio
import json
import logging
import os
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, folder, tempfail_rcpt, reject, hang_first=0, delay=0.0):
        self.folder = folder
        self.tempfail_left = tempfail_rcpt
        self.reject = (reject or "").lower()
        self.hang_left = hang_first
        self.hung = 0
        self.delay = delay
        self.saved = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.tempfail_left > 0:
            self.tempfail_left -= 1
            return "451 4.3.0 Try again later"
        if address.lower() == self.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hang_left > 0:
            self.hang_left -= 1
            self.hung += 1
            write_atomically(os.path.join(self.folder, f"hung-{self.hung}"), b"")
            await asyncio.sleep(3600)
        if self.delay:
            await asyncio.sleep(self.delay)
        self.saved += 1
        stem = os.path.join(self.folder, f"{self.saved}")
        envelope_json = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}
        write_atomically(stem + ".json", json.dumps(envelope_json).encode())
        write_atomically(stem + ".eml", envelope.original_content)
        return "250 2.0.0 Message accepted"


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok, handled=False)

    return authenticate


async def serve(args):
    os.makedirs(args.dir, exist_ok=True)
    handler = Sink(args.dir, args.tempfail_rcpt, args.reject, args.hang_first, args.delay)
    options = {"hostname": "sink.test", "timeout": 10}
    if args.auth:
        user, _, password = args.auth.partition(":")
        options.update(
            authenticator=authenticator_for(user, password),
            auth_required=True,
            auth_require_tls=False,
        )

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, **options), host="127.0.0.1", port=args.port
    )
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await asyncio.sleep(args.max_seconds)


def main():
    # Authentication without TLS is what this sink is for; say nothing about it.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tempfail-rcpt", type=int, default=0)
    parser.add_argument("--reject")
    parser.add_argument("--auth")
    parser.add_argument("--max-seconds", type=float, default=60)
    parser.add_argument("--hang-first", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
