# One image, three commands: the API (default), the worker and the one-shot demo seed.
#   docker build -t rujuk .
#   docker run rujuk                              -> node dist/src/main.js   (API on :3000, runs migrations)
#   docker run rujuk node dist/src/worker.js      -> BullMQ worker (never migrates)
#   docker run rujuk node dist/scripts/seed-demo.js -> loads the demo network (after the API has migrated)
# Node major must match CI (20); argon2 installs from its bundled prebuilt binaries (glibc), no compiler needed.
# No `# syntax=` line: the Dockerfile frontend built into BuildKit (Docker 23+) is used, nothing is fetched for it.
# The base image is pinned to a Node minor (bump it for Node's security releases).
ARG NODE_IMAGE=node:20.19-bookworm-slim

# ---- deps: the full dependency tree, exactly as locked
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The web console is an npm workspace (web/): its manifest must be there before `npm ci` when the repository has
# one. The bind mount reads the build context without copying it; without web/package.json nothing happens.
RUN --mount=type=bind,target=/ctx \
    if [ -f /ctx/web/package.json ]; then mkdir -p web && cp /ctx/web/package.json web/package.json; fi \
 && npm ci --no-audit --no-fund

# ---- build: compile TypeScript (nest build -> dist/src, dist/scripts, JSON reference data), then drop dev deps
FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY scripts ./scripts
# The web console (Vite; its GraphQL types are generated from the committed schema.gql), when web/ exists:
# built to web/dist, which the API serves at / (WEB_DIST_DIR defaults to /app/web/dist). Without it an empty
# web/dist is left and the API answers / with "not built".
COPY schema.gql ./
RUN --mount=type=bind,target=/ctx \
    mkdir -p web \
 && if [ -f /ctx/web/package.json ]; then \
      cp -R /ctx/web/. web/ && npm run build -w web && test -f web/dist/index.html; \
    else mkdir -p web/dist; fi
# The API only: `npm run build` would build the console a second time (it was built above).
RUN npm run build:api \
 && test -f dist/src/main.js -a -f dist/src/worker.js -a -f dist/scripts/seed-demo.js \
 && test -f dist/src/database/migrations/data/1795400000100-taxonomy.json \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies and compiled code only, as the unprivileged `node` user
#      (code is root-owned and read-only to it; /app/var is its one writable directory, e.g. the dev mail sink)
FROM ${NODE_IMAGE} AS runtime
# --max-semi-space-size=64: a larger young generation for request-scoped garbage (the default 16 MB scavenged
# often under load; bench:match: ~0.17 ms less API CPU per match, docs/performance.md). Costs up to ~100 MB more
# heap per process at peak. bench-kit.ts starts the API with the same NODE_OPTIONS.
ENV NODE_ENV=production \
    PORT=3000 \
    NODE_OPTIONS=--max-semi-space-size=64 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# Fail the build if the native argon2 binding cannot load on this base image.
RUN node -e "require('argon2').hash('x').then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })" \
 && mkdir -p /app/var/mail /app/var/imports && chown -R node:node /app/var
USER node
EXPOSE 3000
# Health checks live in docker-compose.yml: the API's /readyz, and the worker's /healthz on WORKER_METRICS_PORT.
CMD ["node", "dist/src/main.js"]
