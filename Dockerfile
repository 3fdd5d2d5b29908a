# Multi-stage build: the web app with Node, the server with Go (cgo for SQLite),
# and a small runtime image that runs as an unprivileged user. The runtime has
# PostgreSQL's client (pg_dump, pg_restore, version 15) for jobfair backup.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# At least the Go release go.mod asks for: it carries the standard library's
# security fixes (the image's GOTOOLCHAIN=local will not fetch another).
FROM golang:1.26.10-bookworm AS server
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist ./frontend/dist
RUN CGO_ENABLED=1 go build -tags sqlite_fts5 -trimpath -ldflags="-s -w" -o /out/jobfair .

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata curl postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/jobfair --create-home jobfair \
    && install -d -o jobfair -g jobfair -m 0700 /var/lib/jobfair/backups
COPY --from=server /out/jobfair /usr/local/bin/jobfair
USER jobfair
WORKDIR /var/lib/jobfair
ENV JOBFAIR_ADDR=:8080 JOBFAIR_DB=/var/lib/jobfair/jobfair.db
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD curl -fsS http://localhost:8080/readyz || exit 1
ENTRYPOINT ["/usr/local/bin/jobfair"]
