# duban 督办 — a small image: a static binary on a distroless base, run as a
# non-root user, data in the /data volume.
#   docker build --build-arg VERSION=$(git describe --tags --always) -t duban .
#   docker run -p 8080:8080 -v duban-data:/data duban
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
ARG DATE=unknown
RUN CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X duban/internal/cli.version=${VERSION} -X duban/internal/cli.commit=${COMMIT} -X duban/internal/cli.date=${DATE}" \
    -o /out/duban ./cmd/duban \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/duban /usr/local/bin/duban
COPY --from=build --chown=65532:65532 /out/data /data
ENV DUBAN_DATA=/data DUBAN_ADDR=0.0.0.0:8080 DUBAN_LOG_FORMAT=json
USER 65532:65532
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/duban"]
CMD ["serve"]
