# One image for every Netra process (collect, worker, indexer, review); the command picks the role.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY netra netra
COPY collectors collectors
COPY processors processors
COPY alerting alerting
RUN pip install --no-cache-dir . && useradd --system --uid 10001 netra
USER netra
ENTRYPOINT ["netra"]
