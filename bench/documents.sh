#!/usr/bin/env bash
# Upload and download throughput of documents through HTTP (curl), and the
# server's peak memory (VmHWM) for each file size: streaming means the peak
# must not grow with the file. A fresh `comcom serve` (release, SQLite, local
# folder storage, on 127.0.0.1) per size. Prints a Markdown table. The last
# column is the peak after the uploader's personal data export (a ZIP that
# streams the file from storage), checked with Python's zipfile.
#   bench/documents.sh [--no-build]      SIZES="5 50 200" to change sizes (MB)
#   COMCOM_BIN=path/to/comcom to measure another build (memory only: a debug
#   build's throughput means little)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"5 50 200"}
TARGET=${CARGO_TARGET_DIR:-target}
if [[ "${1:-}" != "--no-build" ]]; then
  cargo build --release -q -p comcom
fi
BIN=${COMCOM_BIN:-"$TARGET/release/comcom"}
WORK=$(mktemp -d)
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
hwm() { awk '/VmHWM/ {print int($2/1024)}' "/proc/$1/status"; }
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }

echo "| file | upload MB/s | download MB/s | RSS idle (MB) | peak RSS after upload (MB) | peak RSS after download (MB) | peak RSS after data export (MB) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for size in $SIZES; do
  dir="$WORK/$size"; mkdir -p "$dir"
  # Text (base64 of random bytes): an accepted type that does not compress.
  { head -c $((size * 750 * 1000)) /dev/urandom | base64 -w 100 > "$dir/file.txt"; } || true
  P=$(port)
  COMCOM_DATA_DIR="$dir/data" COMCOM_BIND="127.0.0.1:$P" COMCOM_DOCUMENT_MAX_MB=1000 \
    COMCOM_SPACE_QUOTA_MB=5000 COMCOM_LOG=warn "$BIN" serve > "$dir/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do grep -q "http://127.0.0.1:$P/connexion/jeton/" "$dir/serve.log" && break; sleep 0.2; done
  link=$(grep -o "http://127.0.0.1:$P/connexion/jeton/[0-9a-f]*" "$dir/serve.log" | head -1)
  jar="$dir/cookies"
  csrf() { curl -s -b "$jar" -c "$jar" "$1" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"//'; }
  t=$(csrf "$link"); curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf=$t" "$link"
  t=$(csrf "http://127.0.0.1:$P/espaces/nouveau")
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "csrf=$t&name=Banc+documents&kind=working_group&visibility=restricted&description=" \
    "http://127.0.0.1:$P/espaces/nouveau"
  t=$(csrf "http://127.0.0.1:$P/espaces/banc-documents/documents")
  idle=$(rss $PID)
  up=$(curl -s -b "$jar" -o /dev/null -w '%{http_code} %{time_total}' -F "file=@$dir/file.txt" \
    "http://127.0.0.1:$P/espaces/banc-documents/documents/deposer?csrf=$t")
  peak_up=$(hwm $PID)
  id=$(curl -s -b "$jar" "http://127.0.0.1:$P/espaces/banc-documents/documents" | grep -o '/espaces/banc-documents/documents/[0-9]*"' | head -1 | grep -o '[0-9]*')
  down=$(curl -s -b "$jar" -o "$dir/back.txt" -w '%{http_code} %{time_total}' \
    "http://127.0.0.1:$P/espaces/banc-documents/documents/$id/telecharger")
  peak_down=$(hwm $PID)
  cmp -s "$dir/file.txt" "$dir/back.txt" || { echo "download differs for $size MB" >&2; exit 1; }
  exported=$(curl -s -b "$jar" -o "$dir/export.zip" -w '%{http_code}' "http://127.0.0.1:$P/profil/donnees/export.zip")
  peak_export=$(hwm $PID)
  [[ $exported == 200 ]] || { echo "export HTTP $exported for $size MB" >&2; exit 1; }
  python3 - "$dir/export.zip" "$dir/file.txt" <<'PY' || { echo "export lacks the file for $size MB" >&2; exit 1; }
import hashlib, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = [n for n in z.namelist() if n.startswith("documents/") and n.endswith("file.txt")]
    h = hashlib.sha256()
    with z.open(names[0]) as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
with open(sys.argv[2], "rb") as f:
    assert h.hexdigest() == hashlib.file_digest(f, "sha256").hexdigest()
PY
  [[ ${up%% *} == 303 && ${down%% *} == 200 ]] || { echo "HTTP $up / $down for $size MB" >&2; exit 1; }
  mbs() { python3 -c "print(f'{$size/$1:.0f}')"; }
  echo "| $size MB | $(mbs "${up#* }") | $(mbs "${down#* }") | $idle | $peak_up | $peak_down | $peak_export |"
  kill $PID; wait $PID 2>/dev/null || true; PID=
  rm -rf "$dir"
done
