# syntax=docker/dockerfile:1
# meshtensor in a container: runs any `meshtensor` command (node validator|miner, devchain,
# localnet, wallet, subnet, ...). No Rust is built here: the dev chain runs the committed runtime
# from chain/artifacts/. Build: docker build -t meshtensor .   Run: docker run --rm meshtensor --help

# ---- deps: production node_modules only (onnxruntime-node's CUDA download skipped: CPU build ships in the package)
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

# ---- runtime: the TypeScript sources run through tsx (a dependency), no build step
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    ONNXRUNTIME_NODE_INSTALL=skip \
    MESHTENSOR_HOME=/data
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY lib ./lib
COPY chain/artifacts ./chain/artifacts
COPY chain/client ./chain/client
COPY chain/devchain ./chain/devchain
COPY chain/wallet ./chain/wallet
COPY node ./node
COPY subnets ./subnets
COPY localnet ./localnet
COPY cli ./cli
COPY configs ./configs
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
ENTRYPOINT ["node", "bin/meshtensor.js"]
CMD ["--help"]
