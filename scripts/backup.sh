#!/usr/bin/env bash
# Back up Arrimage's PostgreSQL database into one file (pg_dump's custom format: compressed,
# restored table by table).
#
#   DATABASE_URL=postgres://… bash scripts/backup.sh [FILE]
#
# FILE defaults to backups/arrimage-YYYYMMDD-HHMMSS.dump (the folder is created, readable by
# its owner only: a backup holds every family-level row). The dump is written beside it under
# a temporary name and renamed once complete: a failed backup leaves no partial file. The
# password goes to pg_dump through the environment, never its command line (seen by `ps`).
# Prints the file's path on stdout. The pseudonym key (ARRIMAGE_PSEUDONYM_KEY) is not in the
# database: keep it apart, safely — without it, a restored database cannot find a family by its
# code.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=scripts/pg-env.sh
. "$(dirname "$0")/pg-env.sh"

file="${1:-backups/arrimage-$(date +%Y%m%d-%H%M%S).dump}"
umask 077
mkdir -p "$(dirname "$file")"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
pg_dump --format=custom --no-owner --no-privileges --file="$partial"
mv "$partial" "$file"
log "Sauvegarde écrite : $file"
printf '%s\n' "$file"
