# Proposed by Slipway (template pack ${pack.name}@${pack.version}) for a Go service.
# Multi-stage, non-root, with a health check; ENTRYPOINT in exec form so SIGTERM reaches the server.

# Build stage
FROM golang:1.22-alpine AS builder
WORKDIR /src
COPY go.* ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -o /server .

# Production stage
FROM alpine:3.20
RUN apk --no-cache add ca-certificates \
  && addgroup -g 1001 -S appuser && adduser -S appuser -u 1001 -G appuser
COPY --from=builder --chown=appuser:appuser /server /server
USER appuser
EXPOSE ${service.ports.http}
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s \
  CMD wget -qO- http://localhost:${service.ports.http}${service.healthPath} || exit 1
ENTRYPOINT ["/server"]
