# syntax=docker/dockerfile:1
# One image for api, worker and sip; APP selects which one runs. TypeScript runs through the SWC loader, which
# compiles each module once at start-up.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
# Installing also generates the Prisma client (postinstall); development tools are dropped afterwards.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# Prompts: espeak-ng speaks them and sox converts them for the media engine. The shared media directory belongs
# to the app's user, so prompts can be written there.
RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng sox libsox-fmt-mp3 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/switchyard/media/prompts /var/lib/switchyard/media/recordings \
 && chown -R node:node /var/lib/switchyard
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
ARG APP=api
ENV APP=${APP}
CMD ["sh", "-c", "exec node -r @swc-node/register apps/${APP}/src/main.ts"]
