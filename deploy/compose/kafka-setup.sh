#!/bin/bash
# Creates Netra's SCRAM users, its topics with their retention, and each service's ACLs, over
# the broker's admin listener (PLAINTEXT on loopback inside the broker's container, where the
# anonymous principal is the super user). Idempotent. Run by kafka-start.sh in compose, and by
# tests/deploy/test_kafka_scram.py against a real broker.
#   KAFKA_BIN (/opt/kafka/bin), NETRA_SECRETS (/run/secrets), NETRA_KAFKA_ADMIN (127.0.0.1:9094),
#   NETRA_PARTITIONS, NETRA_RAW_RETENTION_HOURS, NETRA_DECISION_RETENTION_HOURS,
#   NETRA_DEADLETTER_RETENTION_HOURS
set -euo pipefail
bin="${KAFKA_BIN:-/opt/kafka/bin}"
secrets="${NETRA_SECRETS:-/run/secrets}"
admin=(--bootstrap-server "${NETRA_KAFKA_ADMIN:-127.0.0.1:9094}")

# SCRAM users: the password goes through a private file, never a command line.
umask 077
scratch="$(mktemp -d)"
for service in collector worker indexer; do
  printf 'SCRAM-SHA-512=password=%s\n' "$(cat "$secrets/kafka_${service}_password")" > "$scratch/$service"
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
acl() { "$bin/kafka-acls.sh" "${admin[@]}" --add "$@" > /dev/null; }
every=(--allow-principal User:netra-collector --allow-principal User:netra-worker --allow-principal User:netra-indexer)
acl "${every[@]}" --operation IdempotentWrite --cluster
acl "${every[@]}" --operation Create --operation Describe --operation DescribeConfigs \
  --topic netra. --resource-pattern-type prefixed
for service in collector worker indexer; do
  acl --allow-principal "User:netra-$service" --operation Write --operation Describe \
    --transactional-id "netra-$service-" --resource-pattern-type prefixed
done
acl --allow-principal User:netra-collector --operation Write --topic netra.posts.raw --topic netra.collector.cursors
acl --allow-principal User:netra-collector --operation Read --topic netra.collector.cursors
acl --allow-principal User:netra-worker --operation Read --topic netra.posts.raw --group netra-processors
acl --allow-principal User:netra-worker --operation Write --topic netra.decisions --topic netra.deadletter
acl --allow-principal User:netra-indexer --operation Read --topic netra.decisions --group netra-indexer
acl --allow-principal User:netra-indexer --operation Write --topic netra.deadletter
echo "kafka-setup: users, topics and ACLs in place" >&2
