#!/usr/bin/env bash
# Netra development/test OpenSearch node, built from Maven Central jars (see README.md).
# The same commands and machinery as ../elasticsearch/es.sh, which this runs with OpenSearch's
# launcher source, cache name and main class:
#
#   os.sh fetch | start | stop | status | run | url
#
# Environment (all optional; each is es.sh's NETRA_ES_<NAME> under the name NETRA_OS_<NAME>):
#   NETRA_OS_VERSION   OpenSearch version         default 3.3.2
#   NETRA_OS_PORT      HTTP port on 127.0.0.1     default 9201
#   NETRA_OS_TRANSPORT_PORT (default 9301), NETRA_OS_HOME, NETRA_OS_RUN, NETRA_OS_DATA, NETRA_OS_HEAP,
#   NETRA_OS_JAVA_HOME, NETRA_OS_START_TIMEOUT, NETRA_OS_STOP_TIMEOUT, NETRA_OS_SETTINGS, NETRA_OS_AOT,
#   NETRA_OS_MVN_ARGS   as in es.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for name in $(compgen -e | grep '^NETRA_ES_' || true); do unset "$name"; done
for name in $(compgen -e | grep '^NETRA_OS_' || true); do export "NETRA_ES_${name#NETRA_OS_}=${!name}"; done
export NETRA_ES_VERSION="${NETRA_OS_VERSION:-3.3.2}"
export NETRA_ES_PORT="${NETRA_OS_PORT:-9201}"
export NETRA_ES_TRANSPORT_PORT="${NETRA_OS_TRANSPORT_PORT:-9301}"
export NETRA_NODE_SRC="$HERE" NETRA_NODE_KIND=opensearch NETRA_NODE_MAIN=netra.opensearch.Launcher \
    NETRA_NODE_VERSION_PROP=node.version
exec "$HERE/../elasticsearch/es.sh" "$@"
