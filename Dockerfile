# Production image: one image, every role (ROLE=all|ingest|alerts|server).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm install, as npm start and CI: npm's ci refuses the lock file without chdb's per-platform optional packages.
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:dashboard && npm prune --omit=dev

FROM node:20-bookworm-slim
# Chromium and CJK fonts print the 通报 PDFs (CONTRACT §9).
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production DATA_DIR=/var/lib/vigil PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/dashboard/dist ./dashboard/dist
COPY --from=build /app/package.json ./
COPY --from=build /app/alerts/rules ./alerts/rules
COPY --from=build /app/alerts/sources/default-sources.json ./alerts/sources/default-sources.json
COPY --from=build /app/ingest/simulator/sources.json ./ingest/simulator/sources.json
COPY --from=build /app/ingest/mappings ./ingest/mappings
RUN mkdir -p /var/lib/vigil && chown node:node /var/lib/vigil
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=4 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "dist/server/main.js"]
