# The costplan container image: the static (musl) binary of scripts/release-build.sh on a
# distroless base that has only CA certificates, /etc/passwd and /tmp (about 2 MB), run as the
# non-root user 65532 (`nonroot`) with `costplan` as the entry point:
#
#   docker build -t costplan .
#   docker run --rm -v "$PWD:/work" -w /work costplan estimate --path . --requests 100k
#
# Build argument FEATURES=--no-default-features builds without polars (no CUR/FOCUS files), in
# about a third of the time.
FROM rust:1.95.0-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends musl-tools=1.2.3-1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
ARG FEATURES=""
# One target per machine architecture: the image is built for the architecture it runs on.
# FEATURES is empty or one flag, so it is left unquoted on purpose.
# hadolint ignore=SC2086
RUN target="$(uname -m)-unknown-linux-musl" \
    && rustup target add "$target" \
    && bash scripts/release-build.sh $FEATURES "$target" /dist \
    && install -D -m 0755 "target/$target/release/costplan" /out/costplan

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/costplan /usr/local/bin/costplan
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/costplan"]
CMD ["--help"]
