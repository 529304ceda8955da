#!/usr/bin/env bash
# Netra development/test Elasticsearch node, built from Maven Central jars (see README.md).
#
#   es.sh fetch    build the launcher and collect the jars once into the cache (skipped when up to date)
#   es.sh start    start a node in the background, wait until GET / answers
#   es.sh stop     stop the node (SIGTERM, then SIGKILL after NETRA_ES_STOP_TIMEOUT seconds)
#   es.sh status   exit 0 and print GET / when the node answers, exit 1 otherwise
#   es.sh run      run the node in the foreground (logs to the terminal)
#   es.sh url      print the node's URL
#
# Environment (all optional):
#   NETRA_CACHE             cache root                      default $HOME/.cache/netra
#   NETRA_ES_VERSION        Elasticsearch version            default 9.5.3
#   NETRA_ES_HOME           built node (jars)                default $NETRA_CACHE/elasticsearch/$NETRA_ES_VERSION
#   NETRA_ES_PORT           HTTP port on 127.0.0.1           default 9200
#   NETRA_ES_TRANSPORT_PORT transport port on 127.0.0.1      default 9300 (0 = any free port)
#   NETRA_ES_RUN            pid file, log, tmp               default $NETRA_CACHE/elasticsearch/run-$NETRA_ES_PORT
#   NETRA_ES_DATA           data directory                   default $NETRA_ES_RUN/data
#   NETRA_ES_HEAP           max heap (-Xmx)                  default 1g (-Xms is 256m)
#   NETRA_ES_JAVA_HOME      JDK 21+ to use                   default: JAVA_HOME if 21+, else Temurin 25, else any 21+ JDK
#   NETRA_ES_START_TIMEOUT  seconds to wait for GET /        default 180
#   NETRA_ES_STOP_TIMEOUT   seconds before SIGKILL on stop   default 30
#   NETRA_ES_SETTINGS       extra "-Ekey=value" words passed to the node
#   NETRA_ES_AOT            auto|off: JDK 25+ AOT cache (recorded on the first clean stop)   default auto
#   NETRA_ES_MVN_ARGS       extra words for mvn during fetch (e.g. -Dmaven.repo.local=... or -s settings.xml)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Another jar-built node (deploy/opensearch/os.sh) reuses this script: it names its own source dir
# (pom.xml, src/, config/), cache name, main class, pom version property and node-specific JVM flags.
SRC="${NETRA_NODE_SRC:-$HERE}"
KIND="${NETRA_NODE_KIND:-elasticsearch}"
MAIN="${NETRA_NODE_MAIN:-netra.es.Launcher}"
VERSION_PROP="${NETRA_NODE_VERSION_PROP:-es.version}"
CACHE="${NETRA_CACHE:-$HOME/.cache/netra}"
VERSION="${NETRA_ES_VERSION:-9.5.3}"
ES_HOME="${NETRA_ES_HOME:-$CACHE/$KIND/$VERSION}"
PORT="${NETRA_ES_PORT:-9200}"
TPORT="${NETRA_ES_TRANSPORT_PORT:-9300}"
RUN="${NETRA_ES_RUN:-$CACHE/$KIND/run-$PORT}"
DATA="${NETRA_ES_DATA:-$RUN/data}"
HEAP="${NETRA_ES_HEAP:-1g}"
START_TIMEOUT="${NETRA_ES_START_TIMEOUT:-180}"
STOP_TIMEOUT="${NETRA_ES_STOP_TIMEOUT:-30}"
PIDFILE="$RUN/es.pid"
LOG="$RUN/es.log"
URL="http://127.0.0.1:$PORT"

say() { echo "$KIND: $*" >&2; }
die() { say "$*"; exit 1; }

java_major() { # prints the feature version of the java binary $1, or nothing
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}

find_java_home() { # $1 = "jdk" when javac is needed
    local c m
    for c in "${NETRA_ES_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
        [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
        [ "${1:-}" = jdk ] && [ ! -x "$c/bin/javac" ] && continue
        m="$(java_major "$c/bin/java")"
        if [ -n "$m" ] && [ "$m" -ge 21 ]; then echo "$c"; return 0; fi
    done
    return 1
}

source_hash() { # fingerprint of what fetch builds, so a changed launcher is rebuilt
    (cd "$SRC" && cat pom.xml $(find src -type f -name '*.java' | sort) && echo "$VERSION") | sha256sum | cut -c1-16
}

fetch() {
    local want have tmp jh t0
    want="$(source_hash)"
    have="$(cat "$ES_HOME/.complete" 2>/dev/null || true)"
    if [ "$want" = "$have" ]; then
        say "already fetched: $ES_HOME"
        return 0
    fi
    # one fetch at a time per cache dir (parallel test workers); the lock is released on exit
    mkdir -p "$(dirname "$ES_HOME")"
    if command -v flock >/dev/null; then
        exec 9>"$ES_HOME.lock"
        flock 9
        have="$(cat "$ES_HOME/.complete" 2>/dev/null || true)"
        if [ "$want" = "$have" ]; then
            say "already fetched: $ES_HOME"
            exec 9>&-
            return 0
        fi
    fi
    command -v mvn >/dev/null || die "mvn (Maven 3) is needed to fetch"
    jh="$(find_java_home jdk)" || die "a JDK 21+ is needed ($KIND $VERSION); set NETRA_ES_JAVA_HOME"
    t0=$(date +%s)
    mkdir -p "$(dirname "$ES_HOME")"
    tmp="$(mktemp -d "$ES_HOME.tmp.XXXXXX")"
    say "building launcher for $KIND $VERSION with $jh (Maven Central) ..."
    # shellcheck disable=SC2086
    if ! JAVA_HOME="$jh" mvn -B -q ${NETRA_ES_MVN_ARGS:-} -f "$SRC/pom.xml" -D"$VERSION_PROP"="$VERSION" \
            -Dnetra.build.dir="$tmp/build" package >"$tmp/mvn.log" 2>&1; then
        { grep -F '[ERROR]' "$tmp/mvn.log" | grep -v -e '^\[ERROR\] *$' -e 'Re-run Maven' -e 'full stack trace' \
            -e 'For more information' -e '^\[ERROR\] \[Help 1\]' | head -12 || tail -20 "$tmp/mvn.log"; } >&2
        rm -rf "$tmp"
        die "maven build failed"
    fi
    mkdir -p "$tmp/lib"
    cp "$tmp"/build/lib/*.jar "$tmp/lib/"
    cp "$tmp"/build/netra-*-launcher-*.jar "$tmp/lib/"
    # Native zstd: the distribution ships lib/platform/<os>-<arch>/libzstd.so; Maven Central does not.
    # The system libzstd (Debian libzstd1, 1.5.x) has the same C API, so link it in when present.
    local z
    for z in /usr/lib/x86_64-linux-gnu/libzstd.so.1 /usr/lib/aarch64-linux-gnu/libzstd.so.1 /usr/lib64/libzstd.so.1 /usr/lib/libzstd.so.1; do
        if [ -e "$z" ]; then
            case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=aarch64 ;; *) arch="$(uname -m)" ;; esac
            mkdir -p "$tmp/lib/platform/linux-$arch"
            ln -s "$z" "$tmp/lib/platform/linux-$arch/libzstd.so"
            break
        fi
    done
    rm -rf "$tmp/build"
    echo "$VERSION" > "$tmp/VERSION"
    echo "$want" > "$tmp/.complete"
    rm -rf "$ES_HOME"
    mv "$tmp" "$ES_HOME"
    say "fetched into $ES_HOME in $(( $(date +%s) - t0 ))s"
    exec 9>&- 2>/dev/null || true
}

pid_alive() {
    [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

answers() {
    curl -fsS -m 2 "$URL/" 2>/dev/null
}

aot_flags() { # $1 = java binary; prints the AOT cache flag (JDK 25+), one word per line
    # JDK 25 AOT cache (JEP 483/514) roughly halves start time. The first start without a cache
    # records one into its own run dir; a clean stop installs it (atomic rename, last one wins).
    [ "${NETRA_ES_AOT:-auto}" = off ] && return 0
    local props major rt cache
    props="$("$1" -XshowSettings:properties -version 2>&1)"
    major="$(sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' <<<"$props" | head -1)"
    rt="$(sed -n 's/^ *java\.runtime\.version = \(.*\)$/\1/p' <<<"$props" | head -1 | tr -c 'A-Za-z0-9._+\n-' _)"
    [ -n "$major" ] && [ "$major" -ge 25 ] || return 0
    cache="$ES_HOME/aot/jdk-$rt.aot"
    rm -f "$RUN/aot.target" "$RUN/train.aot"
    if [ -s "$cache" ]; then
        echo "-XX:AOTCache=$cache"
    else
        mkdir -p "$ES_HOME/aot"
        echo "$cache" >"$RUN/aot.target"
        echo "-XX:AOTCacheOutput=$RUN/train.aot"
    fi
}

java_cmd() { # prints the java command line, one word per line
    local jh
    jh="$(find_java_home)" || die "a Java 21+ runtime is needed ($KIND $VERSION); set NETRA_ES_JAVA_HOME"
    [ -f "$ES_HOME/.complete" ] || die "not fetched: run '$0 fetch' first ($ES_HOME)"
    mkdir -p "$RUN/tmp" "$RUN/logs" "$DATA"
    printf '%s\n' "$jh/bin/java"
    aot_flags "$jh/bin/java"
    printf '%s\n' \
        -Xms256m "-Xmx$HEAP" -Xss1m \
        -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow \
        -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djava.locale.providers=CLDR \
        "-Djava.io.tmpdir=$RUN/tmp" \
        -Des.networkaddress.cache.ttl=60 -Des.networkaddress.cache.negative.ttl=10 \
        -Dlog4j2.formatMsgNoLookups=true -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true \
        -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
        --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector
    [ "$KIND" != elasticsearch ] || printf '%s\n' "-Des.path.home=$ES_HOME" -Dorg.elasticsearch.nativeaccess.enableVectorLibrary=false
    printf '%s\n' \
        -cp "$ES_HOME/lib/*" "$MAIN" \
        --config "$SRC/config" \
        "-Epath.home=$ES_HOME" "-Epath.data=$DATA" "-Epath.logs=$RUN/logs" \
        "-Ehttp.port=$PORT" "-Etransport.port=$TPORT"
    # shellcheck disable=SC2086
    [ -z "${NETRA_ES_SETTINGS:-}" ] || printf '%s\n' ${NETRA_ES_SETTINGS}
}

start() {
    local t0 pid cmd
    if pid_alive && answers >/dev/null; then
        say "already running (pid $(cat "$PIDFILE")) at $URL"
        return 0
    fi
    if answers >/dev/null; then
        die "something else already answers on $URL"
    fi
    mkdir -p "$RUN"
    mapfile -t cmd < <(java_cmd)
    [ "${#cmd[@]}" -gt 0 ] || exit 1
    t0=$(date +%s%N)
    # setsid: the node must outlive the shell (and its process group) that started it
    setsid nohup "${cmd[@]}" >"$LOG" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PIDFILE"
    local deadline=$(( $(date +%s) + START_TIMEOUT ))
    while :; do
        if answers >/dev/null; then
            say "started pid $pid at $URL in $(( ($(date +%s%N) - t0) / 1000000 )) ms (data $DATA, log $LOG)"
            echo "$URL"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$PIDFILE"
            tail -40 "$LOG" >&2 || true
            die "node exited during start (log: $LOG)"
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            tail -40 "$LOG" >&2 || true
            stop || true
            die "no answer on $URL within ${START_TIMEOUT}s (log: $LOG)"
        fi
        sleep 0.5
    done
}

stop() {
    if ! [ -f "$PIDFILE" ]; then
        say "not running (no pid file $PIDFILE)"
        return 0
    fi
    local pid i limit=$STOP_TIMEOUT killed=0
    pid="$(cat "$PIDFILE")"
    # a node recording its AOT cache writes it (~100 MB) while exiting: give it longer
    [ -f "$RUN/aot.target" ] && limit=$((STOP_TIMEOUT + 60))
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < limit * 2; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "pid $pid did not stop in ${limit}s, killing"
            kill -KILL "$pid" 2>/dev/null || true
            killed=1
        fi
    fi
    if [ -f "$RUN/aot.target" ]; then
        if [ "$killed" = 0 ] && [ -s "$RUN/train.aot" ]; then
            mv -f "$RUN/train.aot" "$(cat "$RUN/aot.target")" && say "installed AOT cache $(cat "$RUN/aot.target")"
        fi
        rm -f "$RUN/aot.target" "$RUN/train.aot"
    fi
    rm -f "$PIDFILE"
    say "stopped"
}

status() {
    if answers; then
        pid_alive && say "running, pid $(cat "$PIDFILE"), $URL" || say "answering on $URL (not started by this script's pid file)"
        return 0
    fi
    if pid_alive; then
        say "pid $(cat "$PIDFILE") alive but $URL does not answer (starting or stuck; log $LOG)"
    else
        say "not running"
    fi
    return 1
}

run() {
    local cmd
    mapfile -t cmd < <(java_cmd)
    [ "${#cmd[@]}" -gt 0 ] || exit 1
    exec "${cmd[@]}"
}

case "${1:-}" in
    fetch) fetch ;;
    start) fetch && start ;;
    stop) stop ;;
    status) status ;;
    run) fetch && run ;;
    url) echo "$URL" ;;
    *) echo "usage: $0 fetch|start|stop|status|run|url" >&2; exit 2 ;;
esac
