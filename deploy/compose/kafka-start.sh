#!/bin/bash
# Kafka of docker-compose.yml: starts the broker (the image's own start script), waits until its
# loopback-only admin listener answers, runs kafka-setup.sh (users, topics, ACLs), and stays
# with the broker. The setup runs at every start, so a rotated password or a changed retention
# takes effect on `docker compose restart kafka`.
set -euo pipefail

/etc/kafka/docker/run &
broker=$!
trap 'kill -TERM "$broker"' TERM INT

until /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server 127.0.0.1:9094 > /dev/null 2>&1; do
  kill -0 "$broker" 2> /dev/null || exit 1
  sleep 2
done
"$(dirname "$0")/kafka-setup.sh"
wait "$broker"
