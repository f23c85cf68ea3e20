#!/bin/sh
# The long fuzz run: a million random, truncated and mutated inputs through the table readers
# (the test suite runs 20 000). Usage: Tests/HipDriveRecordingsTests/fuzz.sh [cases] [seed]
set -e
cd "$(dirname "$0")/../.."
HIPDRIVE_FUZZ_CASES="${1:-1000000}" HIPDRIVE_FUZZ_SEED="${2:-$(date +%s)}" \
    swift test -c release --filter FuzzTests
