# Proposed by Slipway (template pack ${pack.name}@${pack.version}) for a PHP service.
# Multi-stage, non-root, with a health check; swap the built-in server for php-fpm behind a web
# server when the service takes real traffic.

# Build stage
FROM composer:2 AS builder
WORKDIR /app
COPY composer.json composer.lock* ./
RUN composer install --no-dev --no-scripts --prefer-dist --no-interaction
COPY . .
RUN composer dump-autoload --optimize --no-dev

# Production stage
FROM php:8.3-cli-alpine
RUN addgroup -g 1001 -S app && adduser -S app -u 1001 -G app
WORKDIR /app
COPY --from=builder --chown=app:app /app /app
USER app
EXPOSE ${service.ports.http}
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s \
  CMD wget -qO- http://localhost:${service.ports.http}${service.healthPath} || exit 1
CMD ["php", "-S", "0.0.0.0:${service.ports.http}", "-t", "public"]
