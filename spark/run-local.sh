#!/usr/bin/env bash
# Runs the batch-recommendation job in a plain JVM with Spark on the class path (no Spark
# install), e.g.:
#   spark/run-local.sh --master 'local[2]' --model models/nais-ml-latest-small \
#     --input ml-latest-small --output runs/recs
# Build first: mvn -B -q install -DskipTests && mvn -B -q -f spark/pom.xml package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec java -Dai.djl.offline=true \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false \
  -cp "$here/target/nais-spark.jar:$here/target/app-lib/*:$here/target/spark-lib/*" \
  io.naisrec.spark.BatchRecommendMain "$@"
