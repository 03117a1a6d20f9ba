#!/bin/sh
# Container entrypoint: bring the database schema up to date, then run the command
# (gunicorn by default). Set DJANGO_MIGRATE=false on all but one replica when several web
# containers start at once, or run migrations as a separate release step (docker-compose.yml
# has a `migrate` service for it).
set -eu

# With DATABASE_ADMIN_URL (a superuser) the database roles are made or checked first; the
# migrations run as the owner (DATABASE_OWNER_URL), the command as DATABASE_URL's role
# (docs/deploy.md, "Database roles").
if [ "${DJANGO_MIGRATE:-true}" = "true" ]; then
    if [ -n "${DATABASE_ADMIN_URL:-}" ]; then
        DATABASE_URL="$DATABASE_ADMIN_URL" python manage.py database_roles
    fi
    DATABASE_URL="${DATABASE_OWNER_URL:-$DATABASE_URL}" python manage.py migrate --noinput
fi

exec "$@"
