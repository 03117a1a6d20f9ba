# syntax=docker/dockerfile:1
# Spelregels production image: gunicorn serving config.wsgi on port 8000.
# Build: docker build -t spelregels .   Run: see docker-compose.yml and docs/deploy.md.

# --- Stage 1: front-end assets (NL Design System CSS, design tokens, axe-core) ---------
FROM debian:bookworm-slim AS assets
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
# Only what the pages use: Spectral (a devDependency) lints the API schema in the tests.
RUN npm ci --omit=dev --no-audit --no-fund
COPY scripts/copy_assets.sh scripts/
RUN bash scripts/copy_assets.sh

# --- Stage 2: the application ------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MEDIA_ROOT=/app/media \
    STATIC_ROOT=/app/staticfiles

# Pango and HarfBuzz for WeasyPrint (PDF export), the DejaVu fonts the print style uses
# (PDF/A embeds them), gettext for compilemessages, the Dutch dictionary for the search's
# compound words (migration agreements/0019 loads it; docs/search.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        gettext \
        hunspell-nl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so code changes do not reinstall them. pyproject.toml declares no
# Python packages ([tool.setuptools] packages = []): `pip install .` installs only the
# dependencies; the code itself runs from /app.
COPY pyproject.toml ./
RUN pip install .

COPY . .
COPY --from=assets /src/static/vendor/ static/vendor/

# Settings refuse to load without a SECRET_KEY; this throw-away value exists only for the
# build steps below and is not present in the running container's environment.
ARG SECRET_KEY=build-only-dummy-secret-key-not-used-at-runtime
RUN mkdir -p locale \
    && python manage.py compilemessages --ignore=.venv --ignore=node_modules \
    && python manage.py collectstatic --noinput

RUN useradd --system --no-create-home --home-dir /app --shell /usr/sbin/nologin spelregels \
    && mkdir -p /app/media \
    && chown spelregels:spelregels /app/media \
    && chmod 0755 docker/entrypoint.sh
USER spelregels

EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
