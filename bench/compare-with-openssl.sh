#!/usr/bin/env bash
# Runs `openssl speed` and the .NET quick measurements back to back (twice), so both see the same machine load, then
# prints the ratios the Ledger issue asks for. openssl counts CPU time by default and wall time with -elapsed; the quick
# measurements print both, and each ratio pairs like with like. Usage: bench/compare-with-openssl.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/AspireChain.MicroBenchmarks"
secs="${1:-3}"
dotnet build -c Release --nologo -v q >/dev/null
cores=$(nproc)
sha256() { openssl speed -seconds "$secs" "$@" -evp sha256 2>/dev/null | awk '/^sha256/ { v=$3; sub(/k$/, "", v); print v * 1000 / 64 }'; }
verify() { openssl speed -seconds "$secs" "$@" ecdsap256 2>/dev/null | awk '/nistp256/ { print $(NF) }'; }
for round in 1 2; do
  echo "== round $round (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  sha_cpu=$(sha256); sha_wall=$(sha256 -elapsed)
  quick=$(dotnet bin/Release/net10.0/AspireChain.MicroBenchmarks.dll quick "$secs")
  ec_cpu=$(verify); ec_wall=$(verify -elapsed)
  echo "$quick"
  echo "openssl_sha256_64B_cpu $sha_cpu hash/s per CPU second"
  echo "openssl_sha256_64B_wall $sha_wall hash/s"
  echo "openssl_ecdsap256_verify_cpu $ec_cpu op/s per CPU second"
  echo "openssl_ecdsap256_verify_wall $ec_wall op/s"
  get() { echo "$quick" | awk -v k="$1" '$1 == k { print $2 }'; }
  for clock in cpu wall; do
    if [ "$clock" = cpu ]; then sha=$sha_cpu; ec=$ec_cpu; else sha=$sha_wall; ec=$ec_wall; fi
    awk -v clock="$clock" -v v="$(get hashes_vector_1t_$clock)" -v r="$(get hashes_reference_1t_$clock)" -v s="$sha" \
        -v vf="$(get verify_1t_$clock)" -v b="$(get block1000_parallel_$clock)" -v c="$(get block1000_parallel_cold_keys_$clock)" \
        -v e="$ec" -v n="$cores" 'BEGIN {
      printf "[%s] header hashes vector/openssl64B = %.0f%%, reference/openssl64B = %.0f%%\n", clock, 100 * v / s, 100 * r / s
      printf "[%s] verify 1 thread / openssl verify = %.0f%%\n", clock, 100 * vf / e
      if (clock == "cpu") printf "[cpu] 1,000-tx block validation per CPU second / openssl verify per CPU second = %.0f%% (cold keys %.0f%%)\n", 100 * b / e, 100 * c / e
      else printf "[wall] 1,000-tx block validation / (openssl verify x %d cores) = %.0f%% (cold keys %.0f%%)\n", n, 100 * b / (e * n), 100 * c / (e * n)
    }'
  done
done
