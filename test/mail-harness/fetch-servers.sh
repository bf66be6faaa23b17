#!/usr/bin/env bash
# Fetches the Cyrus IMAP and Courier-IMAP test servers without installing them (cyrus-imapd and
# courier-imap conflict with dovecot-imapd): `apt-get download` + `dpkg -x` into one cache prefix per
# server. Only the non-conflicting helpers (cyrus-common's master, sasl2-bin, gamin) are installed.
set -euo pipefail
cache="${H2H_TEST_SERVER_CACHE:-/var/cache/h2h-test-servers}"
sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
updated=
update() { [ -n "$updated" ] || { "${sudo[@]}" apt-get update -qq; updated=1; }; }

if [ ! -x /usr/lib/cyrus/bin/master ] || [ ! -x /usr/sbin/saslpasswd2 ] || [ ! -e /usr/lib/x86_64-linux-gnu/libfam.so.0 ]; then
  update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cyrus-common sasl2-bin libsasl2-modules-db gamin >/dev/null
fi

unpack() { # server package...
  local server=$1; shift
  local dir="$cache/$server"
  "${sudo[@]}" mkdir -p "$dir/debs" "$dir/root"
  for pkg in "$@"; do
    if ! ls "$dir/debs/${pkg}"_*.deb >/dev/null 2>&1; then
      update
      (cd "$dir/debs" && "${sudo[@]}" apt-get download -qq "$pkg")
    fi
  done
  for deb in "$dir"/debs/*.deb; do "${sudo[@]}" dpkg -x "$deb" "$dir/root"; done
  ls "$dir/debs" | "${sudo[@]}" tee "$dir/packages.txt" >/dev/null
}

[ -x "$cache/cyrus/root/usr/lib/cyrus/bin/imapd" ] || unpack cyrus cyrus-imapd
[ -x "$cache/courier/root/usr/bin/imapd" ] || unpack courier courier-imap courier-base libcourier-unicode4 courier-authlib
