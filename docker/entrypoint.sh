#!/bin/sh
# Container entrypoint: bring the database schema up to date, then run the command
# (gunicorn by default). Set DJANGO_MIGRATE=false on all but one replica when several web
# containers start at once, or run migrations as a separate release step.
set -eu

if [ "${DJANGO_MIGRATE:-true}" = "true" ]; then
    python manage.py migrate --noinput
fi

exec "$@"
