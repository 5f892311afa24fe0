# PUMOTIX Account: one image for the web instances and the job worker (see docs/deploy.md).
# Node 20 ships npm 10, whose `npm ci` accepts the committed lockfile.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The Next.js build (and the fingerprint src/scripts/start.ts checks, so the container never rebuilds).
# next build loads the Payload config, which wants a secret; this one exists only in the build stage.
RUN PAYLOAD_SECRET=build-stage-only-not-used-at-runtime-0000000 \
    node --conditions=production --import tsx -e "import('./src/scripts/build-if-needed.ts').then((m) => m.buildIfNeeded())"
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 DATA_DIR=/app/data
COPY --from=build --chown=node:node /app /app
# DATA_DIR (mail fallback, uploads) belongs to the app user; the media volume inherits it.
RUN mkdir -p /app/data/media && chown -R node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Same flags as `npm start` (the production export condition and the heap cap; see src/server/node-args.ts).
CMD ["node", "--conditions=production", "--max-old-space-size=384", "--import", "tsx", "src/scripts/start.ts"]
