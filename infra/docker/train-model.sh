#!/bin/sh
# The model-trainer service of docker-compose.yml: generates PaySim-format training data and trains the
# ensemble into $FRAUD_MODEL_DIR (on a volume), as `./fraud up` does (FRAUD_TRAIN_ROWS rows, seed
# FRAUD_TRAIN_SEED; infra/defaults.env). A bundle already there is kept, so a restart does not retrain.
set -eu
: "${FRAUD_MODEL_DIR:?}" "${FRAUD_TRAIN_ROWS:?}" "${FRAUD_TRAIN_SEED:?}"
if [ -f "$FRAUD_MODEL_DIR/manifest.json" ]; then
    echo "model-trainer: keeping the bundle in $FRAUD_MODEL_DIR"
    exit 0
fi
work="$(dirname "$FRAUD_MODEL_DIR")/.training"
rm -rf "$work"
mkdir -p "$work"
fraud() {
    # shellcheck disable=SC2086 # JAVA_OPTS holds several options
    java $JAVA_OPTS -Dlogback.configurationFile=/app/logback.xml -cp '/app/local-runner.jar:/app/lib/*' \
        org.fraudstream.local.FraudCli "$@"
}
fraud generate --rows "$FRAUD_TRAIN_ROWS" --seed "$FRAUD_TRAIN_SEED" --out "$work/training.csv.gz"
fraud train --input "$work/training.csv.gz" --out "$work/bundle" --quiet
# Moved into place only when complete: the services wait for manifest.json.
mv "$work/bundle" "$FRAUD_MODEL_DIR"
rm -rf "$work"
echo "model-trainer: bundle written to $FRAUD_MODEL_DIR"
