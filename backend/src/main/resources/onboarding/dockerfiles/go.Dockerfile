# Proposed by Slipway for a Go service: review it before committing.
# Build stage: a static binary. The main package is assumed at the root; change "." to its
# directory (e.g. ./cmd/server) if it lives elsewhere.
FROM golang:{{goVersion}}-alpine AS build
WORKDIR /src
COPY go.* ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/server .

# Runtime stage: the binary and CA certificates only, as an unprivileged user.
FROM alpine:3.22
RUN apk add --no-cache ca-certificates \
 && addgroup -g 1001 -S app && adduser -S -u 1001 -G app app
COPY --from=build --chown=app:app /out/server /server
USER app
ENV PORT={{port}}
EXPOSE {{port}}
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1:{{port}}{{healthPath}} || exit 1
# Exec form: the process gets SIGTERM directly and can shut down gracefully.
CMD ["/server"]
