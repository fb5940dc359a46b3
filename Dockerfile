# Skills Drive Tracker: one image for every process (api, worker, seed); the command picks one.

# ---- build: full dependencies, compile TypeScript, then drop dev dependencies ----
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY src ./src
COPY web ./web
# The console's API types are generated from the committed OpenAPI document (web/src/api).
COPY openapi ./openapi
# Builds the api into dist/ and the web console into web/dist/ (served by the api at /).
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: compiled app and production dependencies only, as the unprivileged node user ----
FROM node:22-bookworm-slim AS runtime
# tini as PID 1: forwards SIGTERM to node and reaps zombies, so the graceful shutdown runs.
RUN apt-get update && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/web/dist ./web/dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
# node itself, never npm: npm does not pass SIGTERM on, and node's shutdown hooks would not run.
# HTTP only by default; compose runs the worker and the seed from the same image.
CMD ["node", "dist/main.api.js"]
