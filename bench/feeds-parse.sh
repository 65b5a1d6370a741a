#!/usr/bin/env bash
# Parse throughput on the shared feed corpus (../shared/cases/feeds/, read
# where it is): comcom's reader (feed-rs, charsets, links, sanitizer) against
# Python's feedparser in the same run, on the same documents, ROUNDS times.
#   bench/feeds-parse.sh [ROUNDS]        (default 20)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROUNDS="${1:-20}"
CORPUS="${COMCOM_FEED_CORPUS:-../shared/cases/feeds}"
[ -d "$CORPUS" ] || { echo "the feed corpus is not at $CORPUS (set COMCOM_FEED_CORPUS)" >&2; exit 1; }
cargo build --quiet --release -p comcom-syndication --example parse_corpus
TARGET="${CARGO_TARGET_DIR:-target}"
read -r rdocs ritems rsecs < <("$TARGET/release/examples/parse_corpus" "$CORPUS" "$ROUNDS")
read -r pdocs pitems psecs < <(python3 bench/feeds_parse_feedparser.py "$CORPUS" "$ROUNDS")
python3 - "$rdocs" "$ritems" "$rsecs" "$pdocs" "$pitems" "$psecs" "$ROUNDS" <<'PY'
import sys
rd, ri, rs, pd, pi, ps, rounds = sys.argv[1:]
rd, ri, pd, pi = map(int, (rd, ri, pd, pi)); rs, ps = float(rs), float(ps)
print(f"Shared feed corpus, {rd // int(rounds)} documents x {rounds} rounds")
print("| reader | documents | items | seconds | documents/s | items/s |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
print(f"| comcom (feed-rs + sanitizer) | {rd} | {ri} | {rs:.2f} | {rd/rs:,.0f} | {ri/rs:,.0f} |")
print(f"| Python feedparser {__import__('feedparser').__version__} | {pd} | {pi} | {ps:.2f} | {pd/ps:,.0f} | {pi/ps:,.0f} |")
print(f"ratio (documents/s): {(rd/rs)/(pd/ps):.1f}x")
PY
