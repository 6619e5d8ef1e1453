#!/usr/bin/env bash
# Runs the batch-recommendation job in a plain JVM with Spark on the class path (no Spark
# install), e.g.:
#   spark/run-local.sh --master 'local[2]' --model models/nais-ml-latest-small \
#     --input ml-latest-small --output runs/recs
# Build first: mvn -B -q install -DskipTests && mvn -B -q -f spark/pom.xml package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec java @"$here/jvm.options" \
  -cp "$here/target/nais-spark.jar:$here/target/app-lib/*:$here/target/spark-lib/*" \
  io.naisrec.spark.BatchRecommendMain "$@"
