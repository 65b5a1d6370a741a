#!/usr/bin/env bash
# A real WordPress as Engins' commune site, both ways, on loopback only:
#   scripts/wordpress-peer.sh
# 1. installs Debian's wordpress, php-cli, php-mysql and php-xml if missing;
# 2. creates a throwaway MariaDB database comcom_wp_test (127.0.0.1:3306,
#    root, empty password) and runs WordPress from a temporary copy with
#    `php -S` (no URL rewriting: its feed is /?feed=rss2), installed through
#    wp-admin/install.php, with a must-use plugin that lets it fetch feeds
#    from loopback and an unusual port, uncached;
# 3. posts an Engins news item (SQL: Debian has no wp-cli);
# 4. runs comcom (SQLite, the small test data set), registers Engins' site by
#    its home page (autodiscovery finds /?feed=rss2), polls it, approves the
#    item as the interco's agent would, and checks it on "Actualités de nos
#    communes";
# 5. adds a WordPress page with an RSS block of comcom's Atom feed and checks
#    that it shows the interco's latest article.
# Everything it starts is stopped and removed at the end; the database is dropped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*"; }
fail() { echo "wordpress-peer: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

step "packages"
missing=()
for p in wordpress wordpress-theme-twentytwentythree php-cli php-mysql php-xml; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
command -v php >/dev/null || fail "php is missing"
MYSQL=(mysql -h 127.0.0.1 -P 3306 -u root)
"${MYSQL[@]}" -e 'SELECT 1' >/dev/null || fail "MariaDB does not answer on 127.0.0.1:3306 as root without password"

if [ -z "${COMCOM_BIN:-}" ]; then
  cargo build --quiet -p comcom --bin comcom
fi
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$(pwd)/$TARGET_DIR"
BIN="${COMCOM_BIN:-$TARGET_DIR/debug/comcom}"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  "${MYSQL[@]}" -e 'DROP DATABASE IF EXISTS comcom_wp_test' >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
WP_PORT="$(free_port)"
CC_PORT="$(free_port)"
WP="http://127.0.0.1:$WP_PORT"
CC="http://127.0.0.1:$CC_PORT"

step "WordPress on $WP"
"${MYSQL[@]}" -e 'DROP DATABASE IF EXISTS comcom_wp_test; CREATE DATABASE comcom_wp_test CHARACTER SET utf8mb4'
cp -rL /usr/share/wordpress "$WORK/wp"
salt() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }
cat > "$WORK/wp/wp-config.php" <<PHP
<?php
define('DB_NAME', 'comcom_wp_test');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:3306');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
\$table_prefix = 'wp_';
define('AUTH_KEY', '$(salt)');
define('SECURE_AUTH_KEY', '$(salt)');
define('LOGGED_IN_KEY', '$(salt)');
define('NONCE_KEY', '$(salt)');
define('AUTH_SALT', '$(salt)');
define('SECURE_AUTH_SALT', '$(salt)');
define('LOGGED_IN_SALT', '$(salt)');
define('NONCE_SALT', '$(salt)');
define('WP_HOME', '$WP');
define('WP_SITEURL', '$WP');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('WP_CONTENT_URL', '$WP/wp-content');
define('FS_METHOD', 'direct');
define('WP_DEBUG', false);
define('COMCOM_PEER_PORT', $CC_PORT);
if (!defined('ABSPATH')) { define('ABSPATH', __DIR__ . '/'); }
require_once ABSPATH . 'wp-settings.php';
PHP
mkdir -p "$WORK/wp/wp-content/mu-plugins"
cat > "$WORK/wp/wp-content/mu-plugins/comcom-peer.php" <<'PHP'
<?php
// Test peer only: fetch comcom's feed on loopback and its port, never cached.
add_filter('http_request_host_is_external', '__return_true');
add_filter('http_allowed_safe_ports', function ($ports) { $ports[] = COMCOM_PEER_PORT; return $ports; });
add_filter('wp_feed_cache_transient_lifetime', function () { return 1; });
PHP
(cd "$WORK/wp" && exec php -S "127.0.0.1:$WP_PORT" -t "$WORK/wp" >"$WORK/php.log" 2>&1) &
PIDS+=($!)
for _ in $(seq 50); do curl -s -o /dev/null "$WP/wp-admin/install.php" && break; sleep 0.2; done
PASSWORD="peer-$(salt)"
curl -s -o /dev/null -w '%{http_code}\n' "$WP/wp-admin/install.php?step=2" \
  --data-urlencode "weblog_title=Mairie d’Engins" --data-urlencode "user_name=admin" \
  --data-urlencode "admin_password=$PASSWORD" --data-urlencode "admin_password2=$PASSWORD" \
  --data-urlencode "pw_weak=1" --data-urlencode "admin_email=mairie@engins.example" \
  --data-urlencode "blog_public=0" | grep -q 200 || fail "WordPress did not install"
"${MYSQL[@]}" comcom_wp_test -e "SELECT option_value FROM wp_options WHERE option_name='siteurl'" | grep -q "$WP" \
  || fail "WordPress is not installed"

step "an Engins news item in WordPress"
TITLE="Engins : le marché de Noël aura lieu place de la mairie"
"${MYSQL[@]}" comcom_wp_test <<SQL
INSERT INTO wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt,
  post_status, comment_status, ping_status, post_name, to_ping, pinged, post_modified, post_modified_gmt,
  post_content_filtered, post_parent, guid, menu_order, post_type, post_mime_type, comment_count)
VALUES (1, NOW(), UTC_TIMESTAMP(),
  '<p>Rendez-vous samedi à 10 h.</p><p onclick="alert(1)">Programme <a href="/programme.pdf">ici</a>.</p><script>alert(1)</script>',
  '$TITLE', '', 'publish', 'closed', 'closed', 'marche-de-noel', '', '', NOW(), UTC_TIMESTAMP(),
  '', 0, '$WP/?p=1000', 0, 'post', '', 0);
SQL
curl -sf "$WP/?feed=rss2" | grep -q "marché de Noël" || fail "WordPress's feed does not carry the item"

step "comcom on $CC"
export COMCOM_DATA_DIR="$WORK/comcom" COMCOM_PUBLIC_URL="$CC" COMCOM_FEEDS_ALLOW_PRIVATE=127.0.0.1/32 COMCOM_LANG=fr
"$BIN" seed --scale test >/dev/null
"$BIN" serve --bind "127.0.0.1:$CC_PORT" >"$WORK/comcom.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "$CC/healthz" && break; sleep 0.2; done
"$BIN" feeds add --commune 38153 "$WP/"
"$BIN" feeds poll
"$BIN" feeds list
DB="$COMCOM_DATA_DIR/comcom.sqlite3"
# The interco agent's decision, as the approval queue's "Accepter" button
# records it (the button itself is covered by tests/it/syndication_in.rs).
sqlite3 "$DB" "UPDATE feed_item SET status = 'accepted', decided_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE status = 'pending'"
NEWS="$(curl -sf "$CC/actualites-des-communes")"
grep -q "le marché de Noël aura lieu" <<<"$NEWS" || fail "the item is not on comcom's Actualités de nos communes"
grep -q "<script" <<<"$NEWS" && fail "a script reached comcom's page"
grep -q "onclick" <<<"$NEWS" && fail "an event handler reached comcom's page"
echo "comcom shows Engins' WordPress item, sanitized"

step "comcom's feed in a WordPress RSS block"
LATEST="$(curl -sf "$CC/feed.atom" | python3 -c 'import sys, feedparser; print(feedparser.parse(sys.stdin.read()).entries[0].title)')"
[ -n "$LATEST" ] || fail "comcom's feed has no article"
"${MYSQL[@]}" comcom_wp_test <<SQL
INSERT INTO wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt,
  post_status, comment_status, ping_status, post_name, to_ping, pinged, post_modified, post_modified_gmt,
  post_content_filtered, post_parent, guid, menu_order, post_type, post_mime_type, comment_count)
VALUES (1, NOW(), UTC_TIMESTAMP(),
  '<!-- wp:rss {"feedURL":"$CC/feed.atom","itemsToShow":10} /-->',
  'Intercommunalité', '', 'publish', 'closed', 'closed', 'intercommunalite', '', '', NOW(), UTC_TIMESTAMP(),
  '', 0, '$WP/?page_id=1001', 0, 'page', '', 0);
SQL
PAGE_ID="$("${MYSQL[@]}" -N comcom_wp_test -e "SELECT ID FROM wp_posts WHERE post_name='intercommunalite'")"
curl -sf "$WP/?page_id=$PAGE_ID" > "$WORK/page.html"
python3 - "$LATEST" "$WORK/page.html" <<'PY' || fail "the WordPress page does not show comcom's article ($LATEST)"
import html, sys
page = html.unescape(open(sys.argv[2], encoding="utf-8").read())
sys.exit(0 if sys.argv[1] in page else 1)
PY
echo "WordPress shows comcom's article: $LATEST"
step "WordPress peer: both ways work"
