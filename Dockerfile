# syntax=docker/dockerfile:1
# One image with every Learning Tree binary (identity, gateway, learning-tree, and each
# service as it lands); docker-compose.yml picks the binary per service with `command`.
#
#   docker build -t learning-tree:latest .
#
# No secrets are baked in: configuration comes from the environment at run time.

# ---- build ----------------------------------------------------------------------------------
FROM rust:1.95-bookworm AS builder

# libpq for diesel's PostgreSQL backend (SQLite is bundled and compiled from source).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .

# The cargo registry, git checkouts and target directory live in BuildKit cache mounts, so a
# rebuild after a source change only recompiles what changed. The cache mounts vanish after
# this step, hence the binaries are copied out to /out in the same RUN. `--workspace`: the
# workspace's default-members is only the launcher, so plain `--bins` would skip identity and
# the gateway.
RUN --mount=type=cache,id=lt-cargo-registry,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,id=lt-cargo-git,target=/usr/local/cargo/git,sharing=locked \
    --mount=type=cache,id=lt-target,target=/src/target,sharing=locked \
    cargo build --release --locked --workspace --bins \
 && mkdir -p /out \
 && find target/release -maxdepth 1 -type f -perm -u+x ! -name '*.d' ! -name '*.so' \
      -exec cp -v {} /out/ \; \
 && for bin in identity training reading contest vision gateway learning-tree; do test -x "/out/$bin" || { echo "missing binary: $bin" >&2; exit 1; }; done

# ---- run ------------------------------------------------------------------------------------
FROM debian:bookworm-slim

# libpq5: PostgreSQL client library; ca-certificates: outbound TLS, if any;
# curl: the health checks in docker-compose.yml.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*

# A fixed, non-root uid/gid (10001): files mounted into the container, such as identity's
# signing keys (mode 0600), must be owned by it. See deploy/secrets/README.md.
RUN groupadd --system --gid 10001 learningtree \
 && useradd --system --uid 10001 --gid learningtree --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin learningtree \
 && mkdir -p /data \
 && chown learningtree:learningtree /data

COPY --from=builder /out/ /usr/local/bin/

ENV LT_ENV=production \
    LOG_FORMAT=json \
    DATA_DIR=/data

USER 10001:10001
WORKDIR /data
EXPOSE 8080 8081 8082 8083 8084 8085

# No ENTRYPOINT: the command is the binary, e.g. `gateway` or `identity migrate`.
CMD ["identity", "serve"]
