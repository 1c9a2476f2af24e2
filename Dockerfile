# syntax=docker/dockerfile:1
# Chancery: build with `docker build -t chancery .`, or `docker compose up --build`.

# ---- build: install every dependency, compile, then drop the dev ones ----
FROM node:20-bookworm-slim AS build
# better-sqlite3 is a native addon: when no prebuilt binary fits, npm compiles it with node-gyp.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: compiled code, production dependencies, non-root ----
# EVENT_STORE=sqlite keeps the log in /data; EVENT_STORE=eventstoredb with EVENTSTORE_CONNECTION_STRING puts it
# on EventStoreDB, and /data then holds only this instance's read store (docker-compose.yml).
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    EVENT_STORE=sqlite
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# The example episodes and their loader, so `node scripts/load-examples.mjs` works in the container.
COPY --from=build /app/examples ./examples
COPY --from=build /app/scripts ./scripts
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# /health answers 200 only when the store is reachable and the projections have caught up.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# A bounded heap: V8 collects sooner instead of growing to several times what is alive (docs/PERFORMANCE.md §6).
CMD ["node", "--max-old-space-size=1024", "dist/main.js"]
