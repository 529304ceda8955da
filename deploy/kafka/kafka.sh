#!/usr/bin/env bash
# Real Apache Kafka (KRaft, one combined broker+controller on 127.0.0.1) for development and tests.
# Usage: deploy/kafka/kafka.sh fetch|start|stop|status|tool CLASS ARGS...   (see README.md for the env vars)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")"
CACHE="${NETRA_CACHE:-$HOME/.cache/netra}/kafka/$VERSION"
LIBS="$CACHE/libs"
DATA="${NETRA_KAFKA_DATA:-$CACHE/data}"
PORT="${NETRA_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${NETRA_KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
ADMIN_PORT="${NETRA_KAFKA_ADMIN_PORT:-$((PORT + 2))}"
TEMPLATE="${NETRA_KAFKA_TEMPLATE:-$HERE/server.properties}"
TOOLS="$CACHE/tools"
HEAP="${NETRA_KAFKA_HEAP:--Xms256m -Xmx512m}"
START_TIMEOUT="${NETRA_KAFKA_START_TIMEOUT:-90}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
PIDFILE="$DATA/kafka.pid"
LOGDIR="$DATA/logs"

log() { echo "kafka.sh: $*" >&2; }

fetch() {
  if [ -f "$LIBS/kafka_2.13-$VERSION.jar" ]; then
    log "jars already in $LIBS"
    return
  fi
  local tmp="$LIBS.tmp.$$"
  log "fetching Kafka $VERSION jars from Maven Central into $LIBS"
  mvn -q -B -Dstyle.color=never -f "$HERE/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp"
  mkdir -p "$CACHE"
  mv "$tmp" "$LIBS" 2>/dev/null || rm -rf "$tmp"  # another run may have won the race
}

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# shellcheck disable=SC2206  # HEAP is meant to split into words
JAVA_CMD=("$JAVA" $HEAP -Djava.awt.headless=true -XX:+ExitOnOutOfMemoryError
  -Dkafka.logs.dir="$LOGDIR" -Dlog4j2.configurationFile="$HERE/log4j2.xml" -cp "$LIBS/*")

start() {
  if running; then
    log "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PORT"
    return
  fi
  fetch
  mkdir -p "$DATA/kraft" "$LOGDIR"
  sed -e "s|@PORT@|$PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@ADMIN_PORT@|$ADMIN_PORT|g" \
    -e "s|@LOG_DIRS@|$DATA/kraft|g" "$TEMPLATE" >"$DATA/server.properties"
  if [ ! -f "$DATA/kraft/meta.properties" ]; then
    log "formatting KRaft storage in $DATA/kraft"
    # A cluster id is 16 random bytes in URL-safe base64, like `StorageTool random-uuid`
    # (one JVM start less); the leading "A" keeps it from looking like an option.
    local id
    id="A$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c2-22)"
    "${JAVA_CMD[@]}" kafka.tools.StorageTool format --cluster-id "$id" \
      --config "$DATA/server.properties" >"$LOGDIR/format.out" 2>&1 \
      || { cat "$LOGDIR/format.out" >&2; exit 1; }
  fi
  "${JAVA_CMD[@]}" kafka.Kafka "$DATA/server.properties" </dev/null >"$LOGDIR/stdout.log" 2>&1 &
  echo $! >"$PIDFILE"
  local deadline=$((SECONDS + START_TIMEOUT))
  until port_open; do
    if ! running; then
      log "broker exited during start-up; last lines of $LOGDIR:"
      tail -n 30 "$LOGDIR/stdout.log" "$LOGDIR/server.log" >&2 2>/dev/null || true
      rm -f "$PIDFILE"
      exit 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "port $PORT not answering after ${START_TIMEOUT}s; see $LOGDIR/server.log"
      stop
      exit 1
    fi
    sleep 0.2
  done
  log "Kafka $VERSION up on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), data $DATA)"
}

stop() {
  if ! running; then
    log "not running"
    rm -f "$PIDFILE"
    return
  fi
  local pid
  pid="$(cat "$PIDFILE")"
  kill -TERM "$pid"
  for _ in $(seq 1 300); do  # controlled shutdown: up to 30 s, then kill -9
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid did not stop in 30 s; killing it"
    kill -KILL "$pid"
  fi
  rm -f "$PIDFILE"
  log "stopped (pid $pid)"
}

status() {
  if running; then
    echo "running pid=$(cat "$PIDFILE") bootstrap=127.0.0.1:$PORT data=$DATA version=$VERSION"
  else
    echo "stopped data=$DATA version=$VERSION"
    return 3
  fi
}

# The admin command-line tools (org.apache.kafka.tools.*: ConfigCommand, TopicCommand,
# AclCommand, ...) with their own dependencies, in their own cache dir: never on the broker's
# classpath.
tool() {
  if [ ! -d "$TOOLS" ]; then
    local tmp="$TOOLS.tmp.$$"
    log "fetching the Kafka $VERSION tools jars into $TOOLS"
    mvn -q -B -Dstyle.color=never -f "$HERE/tools/pom.xml" -Dkafka.version="$VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp"
    mkdir -p "$CACHE"
    mv "$tmp" "$TOOLS" 2>/dev/null || rm -rf "$tmp"
  fi
  exec "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile="$HERE/log4j2.xml" -Dkafka.logs.dir="${TMPDIR:-/tmp}" \
    -cp "$TOOLS/*" "$@"
}

case "${1:-}" in
  tool) shift; tool "$@" ;;
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|status|tool CLASS ARGS..." >&2; exit 2 ;;
esac
