#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into an EMPTY database (create it first, e.g.
# `createdb twoway_restored`): scripts/restore.sh FILE, with DATABASE_URL naming that database.
# All or nothing: one transaction, stopping at the first error. Then point the app at it, run
# `twoway migrate` (a backup from an older release gets the newer migrations) and start it.
set -euo pipefail

file="${1:?Usage: scripts/restore.sh FILE (a backup made by scripts/backup.sh)}"
: "${DATABASE_URL:?Set DATABASE_URL to the empty database to restore into.}"
tables=$(psql --dbname="$DATABASE_URL" --tuples-only --no-align \
  --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "The database in DATABASE_URL already has $tables tables: restore into an empty one." >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$file"
echo "Restored $file"
