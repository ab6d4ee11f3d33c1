# talksbot: build a static binary, run it as a non-root user in a small image.
#   docker build -t talksbot .
#   docker run -e DISCORD_TOKEN=... -v talksbot-data:/data talksbot

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so that a source change does not download them again.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/talksbot . \
 && mkdir -p /out/data

# distroless/static: CA certificates and a nonroot user (65532), no shell.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/talksbot /talksbot
COPY --from=build --chown=65532:65532 /out/data /data
ENV TALKSBOT_DATA_DIR=/data \
    TALKSBOT_METRICS_ADDR=:9090 \
    TALKSBOT_LOG_FORMAT=json
# The index, the corpus folder moderators add to, and removed articles.
VOLUME ["/data"]
# 9090: /healthz and /metrics. 8080: /interactions when TALKSBOT_HTTP_ADDR=:8080.
EXPOSE 9090 8080
USER 65532:65532
# A first build of 100,000 articles takes about 4 minutes on 2 cores
# (BENCHMARKS.md); /healthz says "building the index: N/M articles" meanwhile.
HEALTHCHECK --interval=30s --timeout=5s --start-period=5m --retries=3 CMD ["/talksbot", "health"]
ENTRYPOINT ["/talksbot"]
CMD ["serve"]
