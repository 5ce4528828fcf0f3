#!/usr/bin/env bash
# Builds the air-gap install kit, target/outpost-<version>-kit.tar.gz (deploy/kit/README.md), from
# the two application builds that `./mvnw package` leaves in target/: quarkus-app (embedded H2) and
# quarkus-app-postgresql. Run by Maven (the exec-maven-plugin execution "kit" in pom.xml: phase
# pre-integration-test, or package with -Pkit); by hand:
#
#   deploy/kit/build-kit.sh --version 0.1.0-SNAPSHOT --target target --java-home "$JAVA_HOME"
#
# Steps: lay out both builds over one lib/ (hard links); link a Java runtime with jlink from the JDK given
# (the one running Maven); extract RocksDB's native library for this platform; add the launcher,
# configuration, systemd unit and install scripts; on JDK 25+ train an AOT cache by starting the
# demo profile in a scratch directory; write SHA256SUMS; pack. Options:
#   --no-aot   skip the AOT training even on JDK 25+.
set -euo pipefail

say() { printf '[kit] %s\n' "$*"; }
die() {
  printf '[kit] ERROR: %s\n' "$*" >&2
  exit 1
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version=""
target=""
java_home=""
aot=yes
while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    --java-home) java_home="$2"; shift 2 ;;
    --no-aot) aot=no; shift ;;
    *) die "unknown option $1" ;;
  esac
done
[[ -n "$version" && -n "$target" && -n "$java_home" ]] || die "usage: build-kit.sh --version V --target DIR --java-home JDK [--no-aot]"
target="$(cd "$target" && pwd)"
[[ -x "$java_home/bin/jlink" ]] || die "no jlink in $java_home/bin: the kit needs a full JDK (17 or newer)"

started=$SECONDS
name="outpost-$version"
work="$target/kit"
stage="$work/$name"
output="$target/$name-kit.tar.gz"
rm -rf "$work" "$output"
mkdir -p "$stage"

# --- 1. The application: both builds over one lib/ ---------------------------------------------
declare -A builds=([h2]="$target/quarkus-app" [postgresql]="$target/quarkus-app-postgresql")
for kind in h2 postgresql; do
  [[ -f "${builds[$kind]}/quarkus-run.jar" ]] || die "${builds[$kind]}/quarkus-run.jar is missing: run ./mvnw package first"
done
# Quarkus fixes the database kind at build time, so there are two builds; their lib/ directories
# hold the same dependencies (only quarkus-run.jar, app/ and quarkus/ differ). The kit keeps one copy:
# app/postgresql/lib is a tree of hard links to app/h2/lib, stored once in the archive and on disk.
# Not a symbolic link: Quarkus finds its application directory from the code source of its boot
# jar, which the JDK's AOT cache records with symbolic links resolved (it then looked for
# quarkus/quarkus-application.dat in the kit's root).
if ! diff -rq "${builds[h2]}/lib" "${builds[postgresql]}/lib" >/dev/null; then
  diff -rq "${builds[h2]}/lib" "${builds[postgresql]}/lib" >&2 || true
  die "the H2 and PostgreSQL builds have different lib/ directories; the kit shares one"
fi
say "application: $(find "${builds[h2]}/lib" -name '*.jar' | wc -l) shared jars, builds h2 and postgresql"
for kind in h2 postgresql; do
  mkdir -p "$stage/app/$kind"
  cp -R -p "${builds[$kind]}/quarkus-run.jar" "${builds[$kind]}/app" "${builds[$kind]}/quarkus" "$stage/app/$kind/"
  cp -p "${builds[$kind]}/quarkus-app-dependencies.txt" "$stage/app/$kind/"
done
cp -R -p "${builds[h2]}/lib" "$stage/app/h2/lib"
shared_lib="$stage/app/h2/lib"

# --- 2. The Java runtime, linked from the JDK that runs the build -------------------------------
release_value() { sed -n "s/^$1=\"\\(.*\\)\"\$/\\1/p" "$2"; }
jdk_version="$(release_value JAVA_VERSION "$java_home/release")"
feature="${jdk_version%%.*}"
[[ "$feature" =~ ^[0-9]+$ && "$feature" -ge 17 ]] || die "JDK 17 or newer needed, $java_home is '$jdk_version'"
available="$("$java_home/bin/java" --list-modules | sed 's/@.*//')"
modules=()
while IFS= read -r line; do
  line="${line%%#*}"
  line="${line//[[:space:]]/}"
  [[ -n "$line" ]] || continue
  if [[ "$line" == *\? ]]; then
    grep -qx "${line%\?}" <<<"$available" && modules+=("${line%\?}")
  else
    modules+=("$line")
  fi
done < "$here/jlink-modules.txt"
jlink_options=(--add-modules "$(IFS=,; echo "${modules[*]}")" --strip-debug --no-man-pages --no-header-files
  --generate-cds-archive --output "$stage/runtime")
if ((feature >= 21)); then jlink_options+=(--compress=zip-6); else jlink_options+=(--compress=2); fi
# JDK 17 links from its jmods/; a JDK 24+ without them links from its own run-time image (JEP 493).
[[ -d "$java_home/jmods" ]] && jlink_options+=(--module-path "$java_home/jmods")
say "runtime: jlink from JDK $jdk_version, modules ${modules[*]}"
"$java_home/bin/jlink" "${jlink_options[@]}" >"$work/jlink.log" 2>&1 || { cat "$work/jlink.log" >&2; die "jlink failed"; }
"$stage/runtime/bin/java" -Xshare:on -version >/dev/null 2>&1 || die "the linked runtime does not start (or its CDS archive does not map)"

# --- 3. RocksDB's native library for this platform -----------------------------------------------
# RocksJava tries System.loadLibrary("rocksdbjni-<platform>") before it unpacks the library from
# its jar into /tmp; the launcher points java.library.path at native/.
rocksdb_jar="$(find "$shared_lib/main" -name 'org.rocksdb.rocksdbjni-*.jar' | head -1)"
case "$(uname -m)" in
  x86_64) native_name=librocksdbjni-linux64.so ;;
  aarch64) native_name=librocksdbjni-linux-aarch64.so ;;
  *) native_name="" ;;
esac
if compgen -G "/lib/libc.musl-*" >/dev/null; then native_name=""; fi
if [[ -n "$rocksdb_jar" && -n "$native_name" ]]; then
  mkdir -p "$stage/native"
  (cd "$stage/native" && "$java_home/bin/jar" xf "$rocksdb_jar" "$native_name")
  [[ -s "$stage/native/$native_name" ]] || die "$native_name is not in $rocksdb_jar"
  chmod 0644 "$stage/native/$native_name"
  # The jar carries RocksDB for 15 platforms (84 MB packed, 70 of them for other systems). The kit
  # runs on this one, from native/: the jar is repacked with its classes only, same name.
  repack="$work/rocksdbjni"
  mkdir -p "$repack"
  (cd "$repack" && "$java_home/bin/jar" xf "$rocksdb_jar")
  find "$repack" -maxdepth 1 -type f \( -name 'librocksdbjni-*' -o -name '*.jnilib' -o -name '*.dll' \) -delete
  before="$(du -h "$rocksdb_jar" | cut -f1)"
  rm "$rocksdb_jar"
  "$java_home/bin/jar" --create --no-manifest --file "$rocksdb_jar" -C "$repack" .
  rm -rf "$repack"
  say "native: $native_name from $(basename "$rocksdb_jar"), which is repacked without native libraries ($before -> $(du -h "$rocksdb_jar" | cut -f1))"
else
  say "native: no pre-extracted RocksDB library for $(uname -m); RocksJava unpacks it at start"
fi

# The PostgreSQL build's lib/: hard links to the H2 build's (after the RocksDB jar was repacked).
cp -R -p -l "$shared_lib" "$stage/app/postgresql/lib"

# --- 4. Launcher, configuration, unit, scripts, documentation ------------------------------------
install -d "$stage/bin" "$stage/conf" "$stage/systemd" "$stage/share"
install -m 0755 "$here/bin/outpost" "$stage/bin/outpost"
install -m 0644 "$here/conf/outpost.env" "$stage/conf/outpost.env"
install -m 0644 "$repo/deploy/systemd/outpost.service" "$stage/systemd/outpost.service"
install -m 0644 "$here/share/kit-common.sh" "$stage/share/kit-common.sh"
for script in install.sh upgrade.sh uninstall.sh; do
  install -m 0755 "$here/$script" "$stage/$script"
done
install -m 0644 "$here/README.md" "$stage/README.md"
install -m 0644 "$repo/LICENSE" "$stage/LICENSE"
printf '%s\n' "$version" >"$stage/VERSION"

# --- 5. AOT cache (JDK 25+): a training run of the server ----------------------------------------
if [[ "$aot" == yes && "$feature" -ge 25 ]]; then
  bash "$here/train-aot.sh" "$stage" "$work/aot-training" || die "the AOT training run failed (see $work/aot-training)"
elif ((feature < 25)); then
  say "aot: none (JDK $jdk_version; the AOT cache needs JDK 25 or newer)"
fi

# --- 6. Checksums and the archive -----------------------------------------------------------------
(cd "$stage" && find . -type f ! -name SHA256SUMS -printf '%P\0' | LC_ALL=C sort -z | xargs -0 sha256sum) >"$stage/SHA256SUMS"
(cd "$stage" && sha256sum --quiet --strict -c SHA256SUMS) || die "SHA256SUMS does not verify"
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$work" -czf "$output" "$name"
say "wrote $output ($(du -h "$output" | cut -f1), unpacked $(du -sh "$stage" | cut -f1), $((SECONDS - started)) s)"
