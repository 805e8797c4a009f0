#!/usr/bin/env bash
# Backs up Twoway's PostgreSQL database into one file in pg_dump's custom format (compressed; any
# table can be restored alone): scripts/backup.sh [FILE], with DATABASE_URL set as for the app.
# The file is written beside itself first and renamed once pg_restore can read its table of
# contents, so a cut-off dump never replaces a good one. docs/deploy.md, "Backup and restore".
set -euo pipefail

: "${DATABASE_URL:?Set DATABASE_URL to the database to back up, as the app has it.}"
file="${1:-twoway-$(date -u +%Y%m%dT%H%M%SZ).dump}"
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" --dbname="$DATABASE_URL"
pg_restore --list "$file.partial" >/dev/null
mv "$file.partial" "$file"
echo "$file"
