#!/usr/bin/env bash
# Restore a backup of scripts/backup.sh into the database of DATABASE_URL, replacing what it
# holds (every table of the backup is dropped, then recreated), in one transaction: a restore
# that fails leaves the database as it was.
#
#   DATABASE_URL=postgres://… bash scripts/restore.sh FILE
#
# Stop the application first; run `manage.py migrate` after, when the code is newer than the
# backup. Restore into an empty database (drop and create it first): over a database migrated
# further than the backup, tables the backup does not know stay in the way and the restore
# fails, leaving the database as it was.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/pg-env.sh
. "$(dirname "$0")/pg-env.sh"

file="${1:-}"
if [ -z "$file" ] || [ ! -f "$file" ]; then
    log "Indiquez le fichier de sauvegarde à restaurer : BACKUP_FILE=… (introuvable : « $file »)."
    exit 2
fi
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
    --exit-on-error --dbname="$PGDATABASE" "$file"
log "Base restaurée depuis $file"
