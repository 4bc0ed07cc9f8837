# shellcheck shell=bash
# Source it: PostgreSQL's PG* variables from DATABASE_URL (postgres://user:password@host:port/name),
# so that pg_dump and pg_restore get the password through the environment, not their command
# line. Exits with a French message when DATABASE_URL is not a PostgreSQL URL.
url="${DATABASE_URL:-}"
case "$url" in
    postgres://*|postgresql://*) ;;
    *) log "DATABASE_URL doit désigner une base PostgreSQL (postgres://…)."; exit 2 ;;
esac
eval "$(python3 - "$url" <<'PY'
import shlex, sys
from urllib.parse import unquote, urlsplit
parts = urlsplit(sys.argv[1])
values = {
    "PGHOST": parts.hostname or "localhost",
    "PGPORT": str(parts.port or 5432),
    "PGUSER": unquote(parts.username or ""),
    "PGPASSWORD": unquote(parts.password or ""),
    "PGDATABASE": unquote(parts.path.lstrip("/")),
}
print("\n".join(f"export {name}={shlex.quote(value)}" for name, value in values.items()))
PY
)"
