# Edgevirt Console image. Build: `docker build -t edgevirt-console .`
# Runs as a non-root user on a read-only root filesystem: the only writable paths are /tmp
# (tsx's compile cache, upload staging) and /app/.next/cache, both emptyDir volumes in deploy/.
# e2e/deploy-image.spec.ts checks what can be checked without a container engine.

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY lab ./lab
COPY lib ./lib
RUN npm ci --no-audit --no-fund
COPY app ./app
COPY components ./components
COPY server ./server
COPY public ./public
COPY next.config.js postcss.config.mjs tsconfig.json ./
RUN node node_modules/next/dist/bin/next build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .next/cache

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 EDGEVIRT_HOST=0.0.0.0
COPY --from=build --chown=root:root /src/package.json /src/tsconfig.json /src/next.config.js ./
COPY --from=build --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/.next ./.next
COPY --from=build --chown=root:root /src/public ./public
COPY --from=build --chown=root:root /src/lib ./lib
COPY --from=build --chown=root:root /src/server ./server
# The files belong to root and are read-only to the process; it runs as the image's `node` user.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "node_modules/tsx/dist/cli.mjs", "server/main.ts"]
