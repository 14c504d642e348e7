# Proposed by Slipway for a PHP service: review it before committing.
# Build stage: production dependencies with an optimised autoloader.
FROM composer:2 AS build
WORKDIR /app
COPY composer.json composer.lock* ./
RUN composer install --no-dev --no-interaction --no-progress --prefer-dist --no-scripts --no-autoloader
COPY . .
RUN composer dump-autoload --no-dev --optimize --classmap-authoritative

# Runtime stage: Apache with mod_php, listening on an unprivileged port so it runs as www-data.
FROM php:8.3-apache
ENV APACHE_DOCUMENT_ROOT={{documentRoot}} \
    PORT={{port}}
RUN sed -ri 's/^Listen 80$/Listen {{port}}/' /etc/apache2/ports.conf \
 && sed -ri 's/<VirtualHost \*:80>/<VirtualHost *:{{port}}>/' /etc/apache2/sites-available/000-default.conf \
 && sed -ri 's!/var/www/html!${APACHE_DOCUMENT_ROOT}!g' /etc/apache2/sites-available/*.conf \
 && a2enmod rewrite
COPY --from=build --chown=www-data:www-data /app /var/www/html
USER www-data
EXPOSE {{port}}
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD php -r "exit(@file_get_contents('http://127.0.0.1:{{port}}{{healthPath}}') === false ? 1 : 0);"
# apache2-foreground stops gracefully on SIGWINCH, which the image sets as its stop signal.
CMD ["apache2-foreground"]
