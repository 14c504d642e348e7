# Proposed by Slipway for a Java service built with Gradle: review it before committing.
# Build stage: the runnable jar.
FROM gradle:8-jdk21 AS build
WORKDIR /src
COPY . .
RUN gradle --no-daemon -q build -x test \
 && mkdir -p /out \
 && cp "$(find build/libs -maxdepth 1 -name '*.jar' ! -name '*-sources.jar' ! -name '*-javadoc.jar' ! -name '*-plain.jar' | head -n 1)" /out/app.jar

# Runtime stage: a JRE and the jar, as an unprivileged user.
FROM eclipse-temurin:21-jre-alpine
RUN addgroup -g 1001 -S app && adduser -S -u 1001 -G app app
WORKDIR /app
COPY --from=build --chown=app:app /out/app.jar app.jar
USER app
ENV PORT={{port}} \
    SERVER_PORT={{port}}
EXPOSE {{port}}
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:{{port}}{{healthPath}} || exit 1
# Exec form: the JVM gets SIGTERM directly and runs its shutdown hooks.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
