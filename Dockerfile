# syntax=docker/dockerfile:1
#
# vps-chatops in a container. Three stages:
#   build       every dependency (TypeScript, the test tools), `npm run build`, then the production
#               install made by scripts/install-runtime.sh — the same script CI runs and starts.
#   playground  the build stage running the playground (compose profile "playground").
#   runtime     node:20-slim with /app from the build stage: dist/, manifest.yml and production
#               dependencies only; no compiler, no npm install here. The default target.
#
#   docker build -t vps-chatops .
#   docker run --env-file .env vps-chatops node dist/main.js doctor
#
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary fits: the toolchain stays in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json manifest.yml ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build \
 && bash scripts/install-runtime.sh /src /app

FROM build AS playground
ENV PLAYGROUND_HOST=0.0.0.0 PLAYGROUND_PORT=3333
USER node
EXPOSE 3333
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/playground/main.ts"]

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
# Owned by root and read-only to the bot; only data/ (the SQLite file, when no PostgreSQL) is its own.
COPY --from=build /app ./
RUN mkdir -p data && chown node:node data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# The bot stops on SIGTERM: no new work, in-flight work finished, leases handed back (within 20 s).
STOPSIGNAL SIGTERM
# node:20-slim has no curl: dist/healthcheck.js asks GET /healthz on $PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]
CMD ["node", "dist/main.js"]
