#!/usr/bin/env bash
# Runs test_ddp on 2 local processes, then checks that a rank failing ends the whole job with its
# message instead of hanging. Usage: run_mpi.sh MPIRUN TEST_DDP
set -uo pipefail
mpirun=$1 exe=$2
args=(-np 2 --oversubscribe)
if [ "$(id -u)" -eq 0 ]; then args+=(--allow-run-as-root); fi
# Keep each rank to one BLAS/TBB thread: two ranks share the machine's cores.
export OMPI_MCA_rmaps_base_oversubscribe=1 OPENBLAS_NUM_THREADS=1

timeout 300 "$mpirun" "${args[@]}" "$exe" || { echo "run_mpi.sh: test_ddp failed (rc $?)"; exit 1; }

out=$(timeout 120 "$mpirun" "${args[@]}" "$exe" --fail-on-rank 1 2>&1)
rc=$?
echo "$out" | tail -n 20
if [ $rc -eq 124 ]; then echo "run_mpi.sh: a failing rank left the job hanging"; exit 1; fi
if [ $rc -eq 0 ]; then echo "run_mpi.sh: a failing rank did not fail the job"; exit 1; fi
if ! grep -q "\[rank 1\] uncaught exception: deliberate failure" <<<"$out"; then
  echo "run_mpi.sh: the failing rank's message is missing"; exit 1
fi
echo "run_mpi.sh: failing rank ended the job (rc $rc) with its message"
