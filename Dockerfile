# Production image: gunicorn for the web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 WLZ_VAR_DIR=/var/lib/wlz
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core libmagic1 gettext \
      poppler-utils tesseract-ocr tesseract-ocr-nld \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Exactly the versions the tests passed with: the one lock file (make lock), hashes checked.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
RUN DJANGO_SECRET_KEY=build python manage.py compilemessages -v0 \
    && DJANGO_SECRET_KEY=build DJANGO_DEBUG=false python manage.py collectstatic --noinput -v0 \
    && useradd --system --home /var/lib/wlz wlz && mkdir -p /var/lib/wlz && chown wlz /var/lib/wlz
USER wlz
EXPOSE 8000
CMD ["gunicorn", "wlzportal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "120", "--logger-class", "wlzportal.logboek.GunicornLogboek"]
