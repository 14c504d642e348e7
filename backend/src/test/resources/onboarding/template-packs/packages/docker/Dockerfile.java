# Proposed by Slipway (template pack ${pack.name}@${pack.version}) for a Java service.
# Multi-stage, non-root, with a health check; ENTRYPOINT in exec form so SIGTERM reaches the JVM.

# Build stage: Maven wrapper when present, Gradle wrapper otherwise
FROM eclipse-temurin:17-jdk-alpine AS builder
WORKDIR /src
COPY . .
RUN if [ -f mvnw ]; then ./mvnw -B -q package -DskipTests; else ./gradlew --no-daemon assemble -x test; fi \
  && cp "$(ls target/*.jar build/libs/*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1)" /app.jar

# Production stage
FROM eclipse-temurin:17-jre-alpine
RUN addgroup -g 1001 -S app && adduser -S app -u 1001 -G app
COPY --from=builder --chown=app:app /app.jar /app/app.jar
USER app
EXPOSE ${service.ports.http}
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD wget -qO- http://localhost:${service.ports.http}${service.healthPath} || exit 1
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
