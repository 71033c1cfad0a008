#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the report server's tests and print the variable they read:
#   eval "$(scripts/ci-postgres.sh)"      # then: npx vitest run test/server
# Needs root on Debian (installs the `postgresql` package with apt when it is missing). Only the
# export lines go to stdout; progress and errors go to stderr. Stop it with the printed
# TCN_TEST_PG_STOP command (or leave it: it lives in a temp dir).
set -euo pipefail

say() { echo "ci-postgres: $*" >&2; }

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "PostgreSQL is not installed and this is not root: run as root, or install the Debian package postgresql"
    exit 1
  fi
  say "installing postgresql with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  BIN="$(find_bin)"
fi
[ -x "$BIN/initdb" ] || { say "no initdb under /usr/lib/postgresql/*/bin after installing; cannot start a cluster"; exit 1; }

RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  # The server refuses to run as root: use the postgres account the package creates.
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  RUN_AS=(runuser -u postgres --)
fi

DIR="$(mktemp -d /tmp/tcn-pg.XXXXXX)"
chmod 755 "$DIR"
[ "$(id -u)" -eq 0 ] && chown postgres "$DIR"

# A free loopback port: bind port 0 and read what the kernel chose.
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"

"${RUN_AS[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres -A trust --no-sync >"$DIR/initdb.log" 2>&1 \
  || { say "initdb failed; see $DIR/initdb.log"; cat "$DIR/initdb.log" >&2; exit 1; }
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=on" start >&2 \
  || { say "the server did not start; see $DIR/server.log"; cat "$DIR/server.log" >&2; exit 1; }
"${RUN_AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres tcn_test

say "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT, data in $DIR"
STOP="${RUN_AS[*]} $BIN/pg_ctl -D $DIR/data -m fast stop"
echo "export TCN_TEST_PG_URL=postgres://postgres@127.0.0.1:$PORT/tcn_test"
echo "export TCN_TEST_PG_STOP='${STOP# }'"
