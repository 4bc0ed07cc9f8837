#!/usr/bin/env bash
# Make a local PostgreSQL available for the test suite and print its DATABASE_URL.
#
#   url=$(bash scripts/ensure-postgres.sh)
#
# - DATABASE_URL already set: touch nothing, print it back.
# - Not root, or not Debian: print nothing on stdout (the caller falls back on SQLite).
# - Otherwise: install Debian's `postgresql` if needed, start its cluster, wait for it,
#   create the role `arrimage` (password `arrimage`, CREATEDB so that pytest-django can
#   create `test_arrimage`) and the database `arrimage` it owns, then print
#   postgres://arrimage:arrimage@127.0.0.1:PORT/arrimage as the last line of stdout.
#
# Safe to run again and again (each step checks first). Every message goes to stderr.
# Exit status: 0 when PostgreSQL is ready or simply not available here; 1 when it
# should have worked (root on Debian) but did not.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

DB_USER=arrimage
DB_PASSWORD=arrimage
DB_NAME=arrimage

if [ -n "${DATABASE_URL:-}" ]; then
    log "DATABASE_URL est déjà défini : PostgreSQL local non requis."
    printf '%s\n' "$DATABASE_URL"
    exit 0
fi

if ! can_apt_install; then
    log "PostgreSQL indisponible : il faut être root sur Debian pour l'installer et le démarrer"
    log "(ou définir DATABASE_URL)."
    exit 0
fi

# 1. The server: Debian's package creates and registers a cluster (15 main on Debian 12).
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt_install postgresql
fi

# 2. The cluster: the first one pg_lsclusters lists (15 main), created if none is left.
#    pg_lsclusters -h prints: version cluster port status owner datadir logfile
if [ -z "$(pg_lsclusters -h)" ]; then
    version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf "%f\n" | sort -V | tail -n 1)
    log "Aucun cluster PostgreSQL : création de $version main"
    pg_createcluster "$version" main >&2
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)

start_output=""
if [ "$status" != online ]; then
    log "Démarrage de PostgreSQL $version/$cluster (port $port) …"
    # Another run may be starting it at the same time ("Cluster is already running."):
    # what counts is whether it answers below. Its messages are shown only if it does not.
    start_output=$(pg_ctlcluster "$version" "$cluster" start 2>&1) || true
fi

# 3. Wait until it accepts connections (30 s at most).
for _ in $(seq 1 30); do
    if pg_isready -q -h 127.0.0.1 -p "$port"; then
        break
    fi
    sleep 1
done
if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
    log "PostgreSQL $version/$cluster ne répond pas sur 127.0.0.1:$port."
    [ -z "$start_output" ] || log "$start_output"
    tail -n 20 "/var/log/postgresql/postgresql-$version-$cluster.log" >&2 || true
    exit 1
fi

# 4. Role and database, each created only when missing.
psql_admin() {
    runuser -u postgres -- psql -p "$port" -X -q -v ON_ERROR_STOP=1 -d postgres "$@"
}

if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]; then
    log "Création du rôle $DB_USER"
    # Tolerate a concurrent run that created it between the check and here.
    psql_admin -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" >&2 ||
        [ -n "$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]
fi

# Also when it existed: make sure it can log in with this password and create test_arrimage.
psql_admin -c "ALTER ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" >&2

if [ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
    log "Création de la base $DB_NAME"
    psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2 ||
        [ -n "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]
fi

log "PostgreSQL $version/$cluster prêt sur 127.0.0.1:$port (base $DB_NAME, rôle $DB_USER)."
printf 'postgres://%s:%s@127.0.0.1:%s/%s\n' "$DB_USER" "$DB_PASSWORD" "$port" "$DB_NAME"
