#!/bin/bash
# The pilot of docs/results.md: a plain U-Net with cross-entropy on each task generator, seeds 1 and 2, trained from
# the CLI and evaluated on held-out cases of the same distribution (first=1000). Needs `pnpm build` first.
# Writes runs/pilot-<task>-s<seed>/ and prints wall and CPU time of each step. Usage: bash scripts/pilot-tasks.sh
set -euo pipefail
cd "$(dirname "$0")/.."
config=$(mktemp --suffix .yaml)
trap 'rm -f "$config"' EXIT
cat > "$config" <<'YAML'
split: { val: 0.15, test: 0 }
model: { name: unet, depth: 3, filters: 16, norm: batch }
loss: { name: ce }
augment: { flipHorizontal: false }
batchSize: 8
YAML
run() { # name, training data, test data, epochs, seed
  /usr/bin/time -f "$1 train: wall %e s, cpu %U+%S s" nice -n 10 node packages/cli/bin/run.js train --config "$config" \
    --data "$2" --epochs "$4" --seed "$5" --name "$1" --progress lines --force
  /usr/bin/time -f "$1 eval: wall %e s, cpu %U+%S s" nice -n 10 node packages/cli/bin/run.js eval --run "runs/$1" \
    --data "$3" --metrics overlap --progress none
}
for seed in 1 2; do
  run "pilot-lesions-s$seed" 'task:lesions?cases=30&seed=1' 'task:lesions?cases=12&first=1000&seed=1' 8 "$seed"
  run "pilot-nodules-s$seed" 'task:nodules?labels=noisy&cases=100&seed=1' 'task:nodules?labels=clean&cases=40&first=1000&seed=1' 10 "$seed"
  run "pilot-cardiac-s$seed" 'task:cardiac?cases=24&seed=1' 'task:cardiac?cases=10&first=1000&seed=1' 8 "$seed"
done
