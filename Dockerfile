# The production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/data/media
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 app
WORKDIR /app
COPY pyproject.toml README.md ./
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN pip install --no-cache-dir -e . \
 && DEBUG=false SECRET_KEY=build-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=* \
    python manage.py compilemessages --ignore=node_modules \
 && DEBUG=false SECRET_KEY=build-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=* \
    python manage.py collectstatic --no-input -v0 \
 && mkdir -p /data/media && chown -R app /data
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
