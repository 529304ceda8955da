# One image for every Netra process (collect, worker, indexer, review, digest, alerts,
# index-registry); the compose command picks the role. Runs as an unprivileged user; /data and
# /index are where named volumes mount (owned by that user, so it can write there).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
# Pango and fonts for the case file's PDF (WeasyPrint); nothing else from Debian is needed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       fonts-dejavu-core fonts-symbola \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY netra netra
COPY collectors collectors
COPY processors processors
COPY alerting alerting
RUN pip install . \
    && useradd --system --uid 10001 --user-group --no-create-home netra \
    && mkdir -p /data /index \
    && chown netra:netra /data /index \
    && chmod 700 /data /index
USER 10001:10001
ENTRYPOINT ["netra"]
CMD ["--help"]
