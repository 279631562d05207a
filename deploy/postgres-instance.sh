#!/usr/bin/env bash
# A private, throw-away PostgreSQL server for the tests (test.sh) and the local cluster (deploy/local-cluster.sh).
#
#   deploy/postgres-instance.sh install      installs Debian's postgresql package if no initdb is found
#   deploy/postgres-instance.sh start DIR    creates a server in the empty folder DIR, starts it on a free port of
#                                            127.0.0.1, creates the database nmfgrid, and prints its Npgsql
#                                            connection string (also written to DIR/connection-string)
#   deploy/postgres-instance.sh stop DIR     stops that server and deletes DIR
#   deploy/postgres-instance.sh halt DIR     stops that server at once (as a crash would), keeping DIR and its data
#   deploy/postgres-instance.sh restart DIR  starts a halted server again, on the same port (chaos tests, bench/run-chaos.sh)
#
# The server never touches a PostgreSQL already on the machine: its own data folder, a port nobody listens on,
# its unix socket inside DIR, and no listening beyond loopback. Host connections need the random password
# of the superuser "nmfgrid" (scram-sha-256); the socket in DIR trusts local users, and only DIR's owner may
# enter DIR. The data is disposable, so fsync is off (a killed process loses nothing, only a machine crash would).
# Root cannot run postgres: as root the server runs as the postgres user, which owns DIR.
set -euo pipefail

marker=.nmfgrid-postgres-instance
superuser=nmfgrid
database=nmfgrid

die() { echo "postgres-instance: $*" >&2; exit 1; }
say() { echo "postgres-instance: $*" >&2; }

# The newest installed server's bin folder (Debian keeps one per major version), or nothing.
server_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
  [ -n "$initdb" ] && dirname "$initdb"
  return 0
}

install_server() {
  [ -n "$(server_bin)" ] && return 0
  local sudo=
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  say "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  if ! dpkg -s postgresql-common >/dev/null 2>&1; then
    # First PostgreSQL on this machine: skip the system-wide "main" server the package would create and start
    # (a daemon on port 5432 nobody uses); the instances made here are all that is needed.
    $sudo apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null
    $sudo sed -i -E 's/^#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' \
      /etc/postgresql-common/createcluster.conf
  fi
  $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  [ -n "$(server_bin)" ] || die "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb appeared"
}

# Runs a server program as the owner of the instance: the postgres user when we are root, else ourselves.
# From /, since the caller's folder may be closed to the postgres user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_instance() {
  local dir=$1
  [ -n "$dir" ] || die "start needs a folder"
  install_server
  local bin
  bin=$(server_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -z "$(ls -A "$dir")" ] || die "$dir is not empty; give start a new folder"
  touch "$dir/$marker"
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    getent passwd postgres >/dev/null || die "no postgres user to run the server as (root cannot run it)"
    chown postgres: "$dir"
  fi

  local password
  password=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 32)
  as_owner sh -c 'umask 077 && cat > "$1"' sh "$dir/pwfile" <<<"$password"
  as_owner "$bin/initdb" -D "$dir/data" -U "$superuser" --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir/data"; }
  rm -f "$dir/pwfile"
  as_owner sh -c 'cat >> "$1"' sh "$dir/data/postgresql.conf" <<EOF
# nmfgrid private instance (deploy/postgres-instance.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

  # A free port: pick at random, skip ones in use, and try again if another process binds it first.
  local port attempt started=
  for attempt in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    port_taken "$port" && continue
    as_owner sh -c ': > "$1"' sh "$dir/postgres.log"
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
      started=yes
      break
    fi
    grep -qiE 'could not (bind|create listen)|address already in use' "$dir/postgres.log" 2>/dev/null \
      || { tail -20 "$dir/postgres.log" >&2 2>/dev/null || true; die "the server in $dir/data did not start (log above)"; }
  done
  [ -n "$started" ] || die "no free port found for the server in $dir/data after 20 tries"
  for attempt in $(seq 1 60); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    [ "$attempt" -eq 60 ] && die "the server on 127.0.0.1:$port does not accept connections after 30 s"
    sleep 0.5
  done
  as_owner "$bin/createdb" -h "$dir" -p "$port" -U "$superuser" "$database"
  as_owner sh -c 'echo "$2" > "$1"' sh "$dir/port" "$port"

  local connection="Host=127.0.0.1;Port=$port;Username=$superuser;Password=$password;Database=$database"
  as_owner sh -c 'umask 077 && cat > "$1"' sh "$dir/connection-string" <<<"$connection"
  say "PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port, data in $dir"
  echo "$connection"
}

stop_instance() {
  local dir=$1
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  # Only ever delete a folder this script made.
  [ -f "$dir/$marker" ] || die "$dir was not made by postgres-instance.sh; not touching it"
  local bin
  bin=$(server_bin)
  if [ -f "$dir/data/postmaster.pid" ]; then
    if [ -z "$bin" ] || ! as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
      local pid
      pid=$(head -1 "$dir/data/postmaster.pid" 2>/dev/null || true)
      [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
}

# The instance made by start in DIR, or an error.
instance_dir() {
  local dir=$1
  [ -n "$dir" ] && [ -f "$dir/$marker" ] && [ -f "$dir/port" ] || die "${dir:-(no folder)} holds no server made by postgres-instance.sh start"
}

# Immediate shutdown: no checkpoint, clients cut off, as when the server's machine dies (it recovers on restart).
halt_instance() {
  instance_dir "${1:-}"
  local bin
  bin=$(server_bin)
  as_owner "$bin/pg_ctl" -D "$1/data" -m immediate -w -t 30 stop >/dev/null
}

restart_instance() {
  instance_dir "${1:-}"
  local bin port
  bin=$(server_bin)
  port=$(cat "$1/port")
  port_taken "$port" && die "port $port is taken; the server in $1/data cannot start on it again"
  as_owner "$bin/pg_ctl" -D "$1/data" -l "$1/postgres.log" -o "-p $port" -w -t 60 start >/dev/null \
    || { tail -20 "$1/postgres.log" >&2 2>/dev/null || true; die "the server in $1/data did not start again (log above)"; }
}

case "${1:-}" in
  install) install_server ;;
  start) start_instance "${2:-}" ;;
  stop) stop_instance "${2:-}" ;;
  halt) halt_instance "${2:-}" ;;
  restart) restart_instance "${2:-}" ;;
  *) die "usage: $0 install | start DIR | stop DIR | halt DIR | restart DIR" ;;
esac
