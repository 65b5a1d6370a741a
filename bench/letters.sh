#!/usr/bin/env bash
# Letter benchmark: one letter to 10,000 recipients, sent by `comcom serve`
# over SMTP to a local sink, as fast as the sender goes.
#
#     bench/letters.sh                 # builds the release binary first
#     bench/letters.sh --no-build      # reuse $CARGO_TARGET_DIR/release/comcom
#     BIN=path/to/comcom bench/letters.sh --no-build
#     RECIPIENTS=2000 bench/letters.sh
#
# What it does, all on 127.0.0.1: a new SQLite database with the demo
# territory (CC du Massif du Vercors); RECIPIENTS people (default 10,000)
# with an address and a current municipal councillor mandate, written in one
# transaction by Python's sqlite3; one letter to "all municipal councillors",
# scheduled in the past so that the sender starts it as soon as `serve` runs.
# The sink is Debian's postfix `smtp-sink` (installed with apt-get when
# missing), run on 127.0.0.1 with `-d`, so that it dumps every message to a
# file and duplicates can be counted by Message-ID. COMCOM_LETTER_RATE is
# set to 10,000/s (its maximum): the sender is not the one holding back.
#
# It reports: recipients, messages received, duplicates (messages beyond one
# per address), total time from the start of `serve` to the letter marked
# sent, messages per second, and the peak RSS of `serve` (VmHWM, checked
# against VmRSS sampled every 0.2 s). Progress goes to stderr, the Markdown
# table to stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RECIPIENTS="${RECIPIENTS:-10000}"
BUILD=1
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${BIN:-$TARGET/release/comcom}"
if [ "$BUILD" = 1 ]; then
  echo "building the release binary…" >&2
  (cd "$ROOT" && cargo build --release -p comcom >&2)
fi
[ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 1; }
if ! command -v smtp-sink >/dev/null && [ ! -x /usr/sbin/smtp-sink ]; then
  echo "installing postfix (for smtp-sink)…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >&2
fi
SMTP_SINK="$(command -v smtp-sink || echo /usr/sbin/smtp-sink)"

WORK="$(mktemp -d)"
SINK_PID=""; SERVE_PID=""; SINK_DIR=""
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
  [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK" "${SINK_DIR:-}"
}
trap cleanup EXIT

export COMCOM_DATA_DIR="$WORK/data"
export COMCOM_DATABASE_URL="sqlite://$WORK/data/comcom.sqlite3"
export COMCOM_LANG=fr
mkdir -p "$WORK/data"
echo "database with the demo territory…" >&2
"$BIN" init --epci 243801024 >/dev/null

echo "seeding $RECIPIENTS recipients…" >&2
python3 - "$WORK/data/comcom.sqlite3" "$RECIPIENTS" <<'PY'
import sqlite3, sys, datetime
db, n = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db)
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
past = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
tid, = c.execute("SELECT id FROM territory ORDER BY id LIMIT 1").fetchone()
communes = [r[0] for r in c.execute("SELECT id FROM commune WHERE territory_id = ?", (tid,))]
with c:
    for i in range(n):
        cur = c.execute(
            "INSERT INTO person (territory_id, surname, given_name, display_name, email, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (tid, f"Élu{i}", "Conseillère", f"Conseillère Élu{i}", f"elu{i}@bench.example", now, now))
        c.execute(
            "INSERT INTO mandate (person_id, territory_id, commune_id, role, function, source, start_date, created_at, updated_at) "
            "VALUES (?, ?, ?, 'municipal_councillor', 'councillor', 'manual', '2026-03-22', ?, ?)",
            (cur.lastrowid, tid, communes[i % len(communes)], now, now))
    body = ("Bonjour,\n\nLe **conseil communautaire** a voté le budget 2027 : "
            "voirie, déchèteries, mobilité.\n\n## À retenir\n\n- un\n- deux\n- trois\n\n"
            "Bien à vous,\nLa présidente\n") * 3
    c.execute(
        "INSERT INTO letter (territory_id, subject, body, status, audience, public, scheduled_at, created_at, updated_at) "
        "VALUES (?, 'Lettre aux élus — banc d’essai', ?, 'scheduled', 'councillors', 1, ?, ?, ?)",
        (tid, body, past, now, now))
PY

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
SERVE_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# smtp-sink drops its privileges (to nobody when run as root): its dump
# folder must be reachable by that user, outside the private work folder.
SINK_DIR="$(mktemp -d)"; chmod 777 "$SINK_DIR"
# -u is required when running as root; the dump files are named by a
# template and a unique suffix. 1000 is the listen backlog.
USER_OPT=(); [ "$(id -u)" = 0 ] && USER_OPT=(-u nobody)
"$SMTP_SINK" "${USER_OPT[@]}" -d "$SINK_DIR/%M." "127.0.0.1:$PORT" 1000 2>"$WORK/sink.log" &
SINK_PID=$!
for _ in $(seq 50); do
  python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$PORT" 2>/dev/null && break
  sleep 0.1
done

echo "sending…" >&2
START="$(date +%s.%N)"
COMCOM_SMTP_URL="smtp://127.0.0.1:$PORT?tls=none" COMCOM_LETTER_RATE=10000 \
COMCOM_PUBLIC_URL="http://127.0.0.1:$SERVE_PORT" COMCOM_LOG=warn \
  "$BIN" serve --bind "127.0.0.1:$SERVE_PORT" >/dev/null 2>"$WORK/serve.log" &
SERVE_PID=$!
PEAK=0
while :; do
  RSS="$(awk '/^VmRSS/ {print $2}' /proc/$SERVE_PID/status 2>/dev/null || echo 0)"
  [ "${RSS:-0}" -gt "$PEAK" ] && PEAK="$RSS"
  STATUS="$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT status FROM letter\").fetchone()[0])" "$WORK/data/comcom.sqlite3" 2>/dev/null || echo '?')"
  [ "$STATUS" = sent ] && break
  kill -0 "$SERVE_PID" 2>/dev/null || { echo "serve stopped:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.2
done
END="$(date +%s.%N)"
HWM="$(awk '/^VmHWM/ {print $2}' /proc/$SERVE_PID/status)"
[ "$HWM" -gt "$PEAK" ] && PEAK="$HWM"
sleep 0.5

python3 - "$SINK_DIR" "$RECIPIENTS" "$START" "$END" "$PEAK" "$BIN" <<'PY'
import collections, os, re, sys
folder, n, start, end, peak_kb, binary = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
ids = collections.Counter()
addresses = set()
for name in os.listdir(folder):
    raw = open(os.path.join(folder, name), "rb").read(8192).replace(b"\r\n", b"\n")
    head = raw.split(b"\n\n", 1)[0].decode("ascii", "replace")
    m = re.search(r"^Message-ID: (\S+)", head, re.M)
    t = re.search(r"^X-Rcpt-Args: <(\S+)>", head, re.M)
    ids[m.group(1) if m else name] += 1
    addresses.add(t.group(1) if t else name)
received = sum(ids.values())
seconds = end - start
print(f"| binary | recipients | received | distinct addresses | duplicates | total time | messages/s | peak RSS |")
print(f"| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
print(f"| {os.path.basename(os.path.dirname(binary))} | {n} | {received} | {len(addresses)} | {received - len(addresses)} | {seconds:.1f} s | {received / seconds:.0f} | {peak_kb / 1024:.1f} MB |")
PY
