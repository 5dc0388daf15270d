#!/bin/sh
# Creates the suite's topics as the local runner's Suite does (infra/defaults.env): FRAUD_TOPICS with
# FRAUD_PARTITIONS partitions each, FRAUD_COMPACTED_TOPICS with one partition and cleanup.policy=compact.
# Idempotent (--if-not-exists). Runs in the apache/kafka image: the kafka-init service of docker-compose.yml.
set -eu
: "${FRAUD_BOOTSTRAP_SERVERS:?}" "${FRAUD_TOPICS:?}" "${FRAUD_COMPACTED_TOPICS:?}" "${FRAUD_PARTITIONS:?}"
TOPICS_SH=${KAFKA_HOME:-/opt/kafka}/bin/kafka-topics.sh

for topic in $(echo "$FRAUD_TOPICS" | tr ',' ' '); do
    "$TOPICS_SH" --bootstrap-server "$FRAUD_BOOTSTRAP_SERVERS" --create --if-not-exists --topic "$topic" \
        --partitions "$FRAUD_PARTITIONS" --replication-factor 1
done
for topic in $(echo "$FRAUD_COMPACTED_TOPICS" | tr ',' ' '); do
    "$TOPICS_SH" --bootstrap-server "$FRAUD_BOOTSTRAP_SERVERS" --create --if-not-exists --topic "$topic" \
        --partitions 1 --replication-factor 1 --config cleanup.policy=compact
done
"$TOPICS_SH" --bootstrap-server "$FRAUD_BOOTSTRAP_SERVERS" --list
