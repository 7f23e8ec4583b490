# syntax=docker/dockerfile:1
# The Node services image: one image, the command picks the process (ENTRYPOINT is the `oms` CLI bundle):
#   docker run … oms-node:<release> api | consumer | migrate
# Build from the repository root:  docker build -t mygreatcompany/oms-node:<release> .
# Base images are pinned by exact tag (Node LTS, Debian slim); bump them deliberately (ADR 0012).
ARG NODE_IMAGE=node:24.11.1-bookworm-slim

# Production dependencies only. better-sqlite3 falls back to compiling when no prebuilt binary matches.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The bundle: dist/main.js and its lazily loaded chunks (esbuild, a dev dependency), and the ops console
# that order-api serves at /ops (Vite, a dev dependency; the storefront is Nginx's, in its own image).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:server \
 && npm run build:ops \
 && find dist -maxdepth 1 -name '*.map' -delete

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    OMS_DATA_DIR=/data
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist/*.js ./dist/
COPY --from=build /app/dist/ops-console ./dist/ops-console
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
VOLUME ["/data"]
# /healthz answers as soon as the process serves HTTP (order-api and oms-consumer alike).
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]
CMD ["api"]
