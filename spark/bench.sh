#!/usr/bin/env bash
# Users/s of the Spark job with 1 and 2 one-core executors on a standalone cluster started on
# this machine, exact (on a sample of users) and two-stage; options as ClusterBench's, e.g.:
#   spark/bench.sh --model runs/gen-model --input /tmp/gen100k/ratings.dat --format dat \
#     --no-header --user-col 0 --item-col 1 --time-col 3
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec java -Xmx2g @"$here/jvm.options" \
  -cp "$here/target/nais-spark.jar:$here/target/app-lib/*:$here/target/spark-lib/*" \
  io.naisrec.spark.ClusterBench "$@"
