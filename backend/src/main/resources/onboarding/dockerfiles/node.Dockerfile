# Proposed by Slipway for a Node.js service: review it before committing.
# Build stage: all dependencies, the "build" script if package.json has one, then only
# production dependencies are kept.
FROM node:24-alpine AS build
WORKDIR /app
COPY package*.json npm-shrinkwrap.json* ./
RUN {{installCommand}}
COPY . .
RUN npm run build --if-present && npm prune --omit=dev

# Runtime stage: the built application as an unprivileged user.
FROM node:24-alpine
ENV NODE_ENV=production \
    PORT={{port}}
RUN addgroup -g 1001 -S nodejs && adduser -S -u 1001 -G nodejs nodejs
WORKDIR /app
COPY --from=build --chown=nodejs:nodejs /app ./
USER nodejs
EXPOSE {{port}}
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "require('http').get('http://127.0.0.1:{{port}}{{healthPath}}', (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"
# Exec form: the process gets SIGTERM directly and can shut down gracefully.
CMD {{command}}
