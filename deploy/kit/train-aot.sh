#!/usr/bin/env bash
# The AOT cache's training run (JEP 483/514, JDK 25+), called by build-kit.sh:
#
#   train-aot.sh STAGED_KIT SCRATCH_DIR
#
# Starts the staged kit's server exactly as the launcher starts it in production (same runtime,
# class path and JVM options; only -XX:AOTCacheOutput is added), in the demo profile over a scratch
# data directory on a loopback port: it imports the demo bundle, becomes ready, answers a round of
# lookups of every kind, and stops. On exit the JVM writes app/h2/outpost.aot; the runtime's release
# file is kept beside it (outpost.aot.release) so that the launcher uses the cache only on this
# runtime. The PostgreSQL build gets no cache: its training would need a database at build time.
# Needs bash and coreutils only (HTTP through bash's /dev/tcp).
set -euo pipefail

say() { printf '[kit] %s\n' "$*"; }
die() {
  printf '[kit] ERROR: %s\n' "$*" >&2
  exit 1
}

stage="$(cd "$1" && pwd)"
scratch="$2"
rm -rf "$scratch"
mkdir -p "$scratch/data"
scratch="$(cd "$scratch" && pwd)"
cache="$stage/app/h2/outpost.aot"
log="$scratch/server.log"
rm -f "$cache" "$cache.release"

started=$SECONDS
(
  cd "$scratch"
  exec env -i PATH=/usr/bin:/bin HOME="$scratch" LANG=C.UTF-8 \
    OUTPOST_CONFIG=none OUTPOST_AOT=off OUTPOST_AOT_TRAINING_OUTPUT="$cache" \
    QUARKUS_PROFILE=demo OUTPOST_DATA_DIR="$scratch/data" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=0 \
    "$stage/bin/outpost" serve
) >"$log" 2>&1 &
server=$!
stop_server() { kill -TERM "$server" 2>/dev/null || true; }
trap stop_server EXIT

# Quarkus picks a free port (quarkus.http.port=0) and logs it.
port=""
deadline=$((SECONDS + 300))
while [[ -z "$port" ]]; do
  kill -0 "$server" 2>/dev/null || { tail -40 "$log" >&2; die "the training server exited before listening"; }
  ((SECONDS < deadline)) || die "the training server did not listen within 300 s"
  port="$(sed -n 's|.*Listening on: http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log" | head -1)"
  [[ -n "$port" ]] || sleep 0.5
done

# request METHOD PATH [BODY]: prints the status code; the body goes to $scratch/last-response.
request() {
  local method="$1" path="$2" body="${3:-}" status
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$method" "$path" "${#body}" "$body" >&3
  cat <&3 >"$scratch/last-response"
  exec 3<&-
  status="$(head -1 "$scratch/last-response" | cut -d' ' -f2)"
  printf '%s' "$status"
}

until [[ "$(request GET /q/health/ready 2>/dev/null || true)" == 200 ]]; do
  kill -0 "$server" 2>/dev/null || { tail -40 "$log" >&2; die "the training server exited before it was ready"; }
  ((SECONDS < deadline)) || die "the training server was not ready within 300 s"
  sleep 0.5
done
say "aot: training server ready on port $port after $((SECONDS - started)) s; sending lookups"

eicar_md5=44d88612fea8a8f36de82e1278abb02f
eicar_sha256=275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f
for round in 1 2 3; do
  for path in \
    "/api/v1/files/$eicar_md5" \
    "/api/v1/files/$eicar_sha256" \
    "/api/v1/files/0000000000000000000000000000000000000000000000000000000000000001" \
    "/api/v1/files/not-a-hash" \
    "/api/v1/certificates/96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6" \
    "/api/v1/urls?url=http://testsafebrowsing.appspot.com/s/phishing.html" \
    "/api/v1/domains/a.b.malware.testing.google.test" \
    "/api/v1/ips/192.0.2.55" \
    "/api/v1/dataset" \
    "/api/v1/local-verdicts" \
    "/q/health/live" \
    "/q/health/started" \
    "/q/metrics"; do
    request GET "$path" >/dev/null
  done
  request POST /api/v1/files/lookup "{\"hashes\":[\"$eicar_md5\",\"not-a-hash\",\"$eicar_sha256\"]}" >/dev/null
  request POST /api/v1/urls/lookup '{"urls":["http://testsafebrowsing.appspot.com/s/phishing.html","::"]}' >/dev/null
  request POST /api/v1/domains/lookup '{"domains":["a.b.malware.testing.google.test","192.0.2.1"]}' >/dev/null
  request POST /api/v1/ips/lookup '{"addresses":["192.0.2.55","10.0.0.1"]}' >/dev/null
done
[[ "$(request GET "/api/v1/files/$eicar_md5")" == 200 ]] || die "the training server did not answer a lookup"

# SIGTERM: Quarkus shuts down, then the JVM writes the cache (in a child JVM) before it exits.
trap - EXIT
kill -TERM "$server"
wait "$server" || true
[[ -s "$cache" ]] || { tail -40 "$log" >&2; die "the training run wrote no AOT cache"; }
cp "$stage/runtime/release" "$cache.release"
chmod 0644 "$cache" "$cache.release"

# The cache must map on this runtime with the launcher's options, or the build fails here.
env -i PATH=/usr/bin:/bin HOME="$scratch" OUTPOST_CONFIG=none OUTPOST_AOT=require "$stage/bin/outpost" --version >"$scratch/check.log" 2>&1 \
  || { cat "$scratch/check.log" >&2; die "the AOT cache does not map on the kit's runtime"; }
say "aot: app/h2/outpost.aot, $(du -h "$cache" | cut -f1), trained in $((SECONDS - started)) s ($(grep -c 'Skipping' "$log" || true) classes skipped, see $log)"
