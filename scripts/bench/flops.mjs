// Analytic FLOP count of seg's U-Net (packages/models/src/unet.ts), counted the way every benchmark paper does:
// one multiply-add = 2 FLOP, convolutions only (norm, ReLU, pooling, concat, softmax are < 1 % and left out).
//   3×3 'same' conv and 1×1 conv:        2·k·k·C_in·C_out·H_out·W_out
//   2×2 stride-2 transposed conv:        2·k·k·C_in·C_out·H_in·W_in   (each input pixel feeds k·k outputs)
// A training step is ≈ 3× the forward pass (forward, input gradient, filter gradient: one conv-sized product each).
// scripts/bench/torch_unet.py counts the same number from the layers PyTorch actually runs (forward hooks), and
// bench-compare.mjs prints both, so the formula below is checked on every run.

/**
 * Forward FLOPs of a U-Net on `batch` images of size×size×inChannels.
 * Depth 4, 16 filters, 1 channel, 2 classes, 64², batch 4: 1.507 GFLOP (PyTorch hooks give the same).
 */
export function unetForwardFlops({ size, batch = 4, depth = 4, filters = 16, inChannels = 1, classes = 2 }) {
  const conv = (k, cin, cout, h) => 2 * k * k * cin * cout * h * h;
  let flops = 0;
  let cin = inChannels;
  for (let i = 0; i < depth; i++) {
    const c = filters * 2 ** i;
    const h = size / 2 ** i;
    flops += conv(3, cin, c, h) + conv(3, c, c, h);
    cin = c;
  }
  const cb = filters * 2 ** depth;
  const hb = size / 2 ** depth;
  flops += conv(3, cin, cb, hb) + conv(3, cb, cb, hb);
  let cup = cb;
  for (let i = depth - 1; i >= 0; i--) {
    const c = filters * 2 ** i;
    const h = size / 2 ** i;
    flops += conv(2, cup, c, h / 2); // transposed conv counted on its input grid
    flops += conv(3, 2 * c, c, h) + conv(3, c, c, h);
    cup = c;
  }
  flops += conv(1, filters, classes, size);
  return flops * batch;
}

/** FLOPs of one measured step: the forward pass for inference, ≈ 3× it for a training step. */
export function stepFlops(mode, shape) {
  return (mode === 'train' ? 3 : 1) * unetForwardFlops(shape);
}
