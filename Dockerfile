# kyhop: build the browser client with Node, run the server with gunicorn's gevent worker.
FROM node:20-bookworm-slim AS client
WORKDIR /src/client
COPY client/package.json client/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY client/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    KYHOP_INSTANCE_DIR=/data/instance \
    KYHOP_DOCUMENTS_DIR=/data/documents \
    KYHOP_CLIENT_DIST=/app/client/dist
RUN apt-get update && apt-get install -y --no-install-recommends libsodium23 && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin kyhop \
    && mkdir -p /data/instance /data/documents && chown -R kyhop /data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
RUN pip install --no-cache-dir '.[postgres]'
COPY --from=client /src/client/dist ./client/dist
USER kyhop
VOLUME ["/data"]
EXPOSE 8000
# One gevent worker per container: scale with more containers behind nginx and a Redis message queue.
CMD ["sh", "-c", "kyhop db upgrade && exec gunicorn -c python:server.gunicorn_conf --bind 0.0.0.0:8000 --access-logfile - server.wsgi:app"]
