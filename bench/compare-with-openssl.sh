#!/usr/bin/env bash
# Runs `openssl speed` and the .NET quick measurements back to back (twice), so both see the same machine load,
# then prints the ratios the Ledger issue asks for. Usage: bench/compare-with-openssl.sh [seconds-per-measurement]
set -euo pipefail
cd "$(dirname "$0")/AspireChain.Benchmarks"
secs="${1:-3}"
dotnet build -c Release --nologo -v q >/dev/null
cores=$(nproc)
for round in 1 2; do
  echo "== round $round (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  sha=$(openssl speed -seconds "$secs" -evp sha256 2>/dev/null | awk '/^sha256/ { v=$3; sub(/k$/, "", v); print v * 1000 }')
  quick=$(dotnet bin/Release/net10.0/AspireChain.Benchmarks.dll quick "$secs")
  ec=$(openssl speed -seconds "$secs" ecdsap256 2>/dev/null | awk '/nistp256/ { print $(NF) }')
  echo "$quick"
  echo "openssl_sha256_64B ${sha} B/s = $(awk -v s="$sha" 'BEGIN { printf "%.1f", s / 64 }') hash/s"
  echo "openssl_ecdsap256_verify_1t ${ec} op/s"
  get() { echo "$quick" | awk -v k="$1" '$1 == k { print $2 }'; }
  awk -v v="$(get hashes_vector_1t)" -v r="$(get hashes_reference_1t)" -v s="$sha" -v b="$(get block1000_parallel)" \
      -v c="$(get block1000_parallel_cold_keys)" -v e="$ec" -v n="$cores" 'BEGIN {
    printf "ratio vector_1t / openssl_64B_hashes     = %.0f%%\n", 100 * v / (s / 64)
    printf "ratio reference_1t / openssl_64B_hashes  = %.0f%%\n", 100 * r / (s / 64)
    printf "ratio block_validation / (openssl_verify x %d cores) = %.0f%% (cold keys %.0f%%)\n", n, 100 * b / (e * n), 100 * c / (e * n)
  }'
done
