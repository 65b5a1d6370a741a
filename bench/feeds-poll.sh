#!/usr/bin/env bash
# One poll round over 1,000 commune feeds served on loopback: time and peak
# memory of `comcom feeds poll` (fetch, read, sanitize, store; 16 at a time)
# on SQLite. Each feed has 10 items; a second round shows conditional GET.
#   bench/feeds-poll.sh [SOURCES]        (default 1000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SOURCES="${1:-1000}"
# COMCOM_BIN=path/to/comcom measures another build (e.g. a debug one).
if [ -z "${COMCOM_BIN:-}" ]; then
  cargo build --quiet --release -p comcom --bin comcom
fi
BIN="${COMCOM_BIN:-$(pwd)/${CARGO_TARGET_DIR:-target}/release/comcom}"
WORK="$(mktemp -d)"
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

# The feeds, and a threaded HTTP server for them on a free loopback port.
python3 - "$WORK/site" "$SOURCES" <<'PY'
import pathlib, sys
root = pathlib.Path(sys.argv[1]); root.mkdir()
for n in range(int(sys.argv[2])):
    items = "".join(
        f"<item><title>Actualité {i} de la commune {n}</title><link>https://commune{n}.example/a/{i}</link>"
        f"<guid>https://commune{n}.example/a/{i}</guid><pubDate>Fri, 04 Dec 2026 1{i % 10}:00:00 +0100</pubDate>"
        f"<description>&lt;p&gt;Texte de l’actualité {i}, &lt;a href=\"/plan.pdf\"&gt;plan&lt;/a&gt;.&lt;/p&gt;</description></item>"
        for i in range(10))
    (root / f"feed{n}.xml").write_text(
        f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Commune {n}</title>"
        f"<link>https://commune{n}.example/</link>{items}</channel></rss>")
PY
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
(cd "$WORK/site" && exec python3 -m http.server --bind 127.0.0.1 "$PORT" >/dev/null 2>&1) &
SERVER=$!
sleep 1

export COMCOM_DATA_DIR="$WORK/data" COMCOM_FEEDS_ALLOW_PRIVATE=127.0.0.1/32 COMCOM_LANG=en
"$BIN" init --epci 243801024 >/dev/null
# Registering 1,000 feeds one command at a time would fetch each; the rows are
# written directly (as `feeds add` writes them), spread over the communes.
python3 - "$COMCOM_DATA_DIR/comcom.sqlite3" "$SOURCES" "$PORT" <<'PY'
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1]); n, port = int(sys.argv[2]), sys.argv[3]
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
communes = [r[0] for r in db.execute("SELECT id FROM commune ORDER BY id")]
for i in range(n):
    cur = db.execute("INSERT INTO feed_source (commune_id, url, title, created_at, next_poll_at) VALUES (?, ?, '', ?, ?)",
                     (communes[i % len(communes)], f"http://127.0.0.1:{port}/feed{i}.xml", now, now))
    source = cur.lastrowid
    job = db.execute("INSERT INTO job (kind, payload, run_at, created_at) VALUES ('poll_feed', ?, ?, ?)", (str(source), now, now)).lastrowid
    db.execute("UPDATE feed_source SET poll_job_id = ? WHERE id = ?", (job, source))
db.commit()
PY

run() {
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" feeds poll >/dev/null
  read -r secs kib < "$WORK/time"
  items=$(sqlite3 "$COMCOM_DATA_DIR/comcom.sqlite3" "SELECT COUNT(*) FROM feed_item")
  errors=$(sqlite3 "$COMCOM_DATA_DIR/comcom.sqlite3" "SELECT COUNT(*) FROM feed_source WHERE last_error IS NOT NULL")
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$SOURCES" "$secs" "$((kib / 1024))" "$items" "$errors"
}
echo "| round | sources | seconds | peak RSS (MiB) | items stored | sources in error |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
run "first (full documents)"
# python's http.server sends Last-Modified: the second round is conditional (304).
run "second (If-Modified-Since, 304)"
