#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh into the database of DATABASE_URL, replacing what it
# holds (every table of the backup is dropped, then recreated), in one transaction: a restore
# that fails leaves the database as it was.
#
#   DATABASE_URL=postgres://… bash scripts/restore.sh FILE
#
# Stop the application first; run `manage.py migrate` after, when the code is newer than the
# backup.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

url="${DATABASE_URL:-}"
case "$url" in
    postgres://*|postgresql://*) ;;
    *) log "DATABASE_URL doit désigner une base PostgreSQL (postgres://…) pour une restauration."; exit 2 ;;
esac
file="${1:-}"
if [ -z "$file" ] || [ ! -f "$file" ]; then
    log "Indiquez le fichier de sauvegarde à restaurer : BACKUP_FILE=… (introuvable : « $file »)."
    exit 2
fi
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
    --exit-on-error --dbname="$url" "$file"
log "Base restaurée depuis $file"
