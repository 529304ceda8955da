#!/bin/bash
# Kafka of docker-compose.yml: starts the broker (the image's own start script), then, over the
# broker's loopback-only admin listener, creates Netra's SCRAM users, topics with their
# retention, and the ACLs of each service. Every step is idempotent; it runs at every start,
# so a rotated password or a changed retention takes effect on `docker compose restart kafka`.
set -euo pipefail

/etc/kafka/docker/run &
broker=$!
trap 'kill -TERM "$broker"' TERM INT

bin=/opt/kafka/bin
admin=(--bootstrap-server 127.0.0.1:9094)
until "$bin/kafka-broker-api-versions.sh" "${admin[@]}" > /dev/null 2>&1; do
  kill -0 "$broker" 2> /dev/null || exit 1
  sleep 2
done

# SCRAM users: the password goes through a private file, never a command line.
umask 077
scratch="$(mktemp -d)"
for service in collector worker indexer; do
  printf 'SCRAM-SHA-512=[password=%s]\n' "$(cat "/run/secrets/kafka_${service}_password")" > "$scratch/$service"
  "$bin/kafka-configs.sh" "${admin[@]}" --alter --entity-type users --entity-name "netra-$service" \
    --add-config-file "$scratch/$service" > /dev/null
done
rm -rf "$scratch"

# Topics and their retention (docs/operations.md, "Retention").
hours() { echo $(( $1 * 3600000 )); }
topic() {
  local name="$1" partitions="$2" config="$3"
  "$bin/kafka-topics.sh" "${admin[@]}" --create --if-not-exists --topic "$name" --partitions "$partitions" \
    --replication-factor 1 > /dev/null
  "$bin/kafka-configs.sh" "${admin[@]}" --alter --entity-type topics --entity-name "$name" \
    --add-config "$config" > /dev/null
}
topic netra.posts.raw "$NETRA_PARTITIONS" "retention.ms=$(hours "$NETRA_RAW_RETENTION_HOURS")"
topic netra.decisions "$NETRA_PARTITIONS" "retention.ms=$(hours "$NETRA_DECISION_RETENTION_HOURS")"
topic netra.deadletter "$NETRA_PARTITIONS" "retention.ms=$(hours "$NETRA_DEADLETTER_RETENTION_HOURS")"
topic netra.collector.cursors 1 "cleanup.policy=compact"

# ACLs: each service may do what its stage does, nothing more.
allow() {
  local service="$1"; shift
  "$bin/kafka-acls.sh" "${admin[@]}" --add --allow-principal "User:netra-$service" "$@" > /dev/null
}
for service in collector worker indexer; do
  allow "$service" --operation IdempotentWrite --cluster
  allow "$service" --operation Create --operation Describe --operation DescribeConfigs \
    --topic netra. --resource-pattern-type prefixed
  allow "$service" --operation Write --operation Describe \
    --transactional-id "netra-$service-" --resource-pattern-type prefixed
done
allow collector --operation Write --topic netra.posts.raw
allow collector --operation Write --operation Read --topic netra.collector.cursors
allow worker --operation Read --topic netra.posts.raw --group netra-processors
allow worker --operation Write --topic netra.decisions --topic netra.deadletter
allow indexer --operation Read --topic netra.decisions --group netra-indexer
allow indexer --operation Write --topic netra.deadletter
echo "kafka-start: users, topics and ACLs in place" >&2

wait "$broker"
