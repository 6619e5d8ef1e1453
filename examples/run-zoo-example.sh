#!/usr/bin/env bash
# Compiles examples/ZooExample.java against target/nais.jar and its dependencies only (the jar's
# manifest names them in target/lib/) and runs it from the project root, so that models/ is the
# zoo. Build first: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" -cp "target/nais.jar:target/lib/*" examples/ZooExample.java
java -Dai.djl.offline=true -cp "$out:target/nais.jar:target/lib/*" ZooExample "$@"
