#!/usr/bin/env bash
# Installs vps-chatops for production into an empty directory: package.json, the lock file,
# manifest.yml (the doctor reads it), scripts/build.mjs (npm start's prestart, a no-op without
# src/) and the built dist/ from a checkout where `npm run build` ran, then the production
# dependencies only. The Dockerfile's build stage and CI (scripts/check-runtime.ts) both run this.
#
#   scripts/install-runtime.sh <built checkout> <empty target directory>
#
# --omit=optional leaves out pino-pretty (it only formats logs for a terminal: production logs
# are JSON lines) and pg-cloudflare (Cloudflare Workers only).
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 <built checkout> <empty target directory>" >&2
  exit 64
fi
from=$(cd "$1" && pwd)
to=$2

if [ ! -f "$from/dist/main.js" ]; then
  echo "$from/dist/main.js is missing: run npm run build first" >&2
  exit 1
fi
mkdir -p "$to"
if [ -n "$(ls -A "$to")" ]; then
  echo "$to is not empty: the runtime is installed into an empty directory" >&2
  exit 1
fi

cp "$from/package.json" "$from/package-lock.json" "$from/manifest.yml" "$to/"
mkdir -p "$to/scripts"
cp "$from/scripts/build.mjs" "$to/scripts/"
cp -R "$from/dist" "$to/dist"
cd "$to"
npm ci --omit=dev --omit=optional --no-audit --no-fund --loglevel=error
