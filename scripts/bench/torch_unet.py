#!/usr/bin/env python3
"""PyTorch twin of seg's U-Net (packages/models/src/unet.ts + blocks.ts), for `pnpm bench:compare`.

Same graph: per level two 3x3 'same' conv -> [BatchNorm2d(eps 1e-5, momentum 0.1)] -> ReLU (conv bias only
without norm), 2x2 max-pool; bottleneck double conv with filters*2^depth channels; per level a 2x2 stride-2
transposed conv (with bias), concat [skip, up] on channels, double conv; a 1x1 conv to the logits.

The twin is FAIR: no layer takes a slow path. Debian's torch runs nn.ConvTranspose2d as
aten::slow_conv_transpose2d (im2col + its generic reference BLAS, ~6 GFLOP/s), so the 2x2 stride-2 transposed
convolution is written as the identical linear map a 1x1 Conv2d to 4*f channels (no bias) -> PixelShuffle(2) -> + a
bias of f channels, which runs on oneDNN. Same parameter count (asserted), same FLOPs. `--profile` runs
torch.profiler over one step and prints its table on stderr; every JSON line reports `slow_ops`, the profiled ops
that fall back to a slow path (slow_conv*, thnn_conv*, mm/addmm/bmm from im2col), which must be empty.
Same initialisation statistics as tfjs-layers: He-normal = normal(0, sqrt(2/fan_in)) truncated at 2 sigma
(tfjs's truncatedNormal, no variance correction), logits Glorot-uniform, biases 0, BN gamma 1 / beta 0.
Loss: softmax cross-entropy (mean over pixels); optimiser Adam lr 1e-3 (tfjs defaults beta 0.9/0.999, eps 1e-7).

Prints ONE JSON line: {median_ms, p10_ms, p90_ms, peak_rss_mb, base_rss_mb, params, trainable, fwd_gflop, ...}.
`params` counts parameters plus BN running mean/var, as tfjs's countParams() does (1 945 250 for depth 4,
16 filters, BN, 1 input channel, 2 classes; 1 940 834 without norm).
`--mode peak` instead measures the float32 matmul peak (GFLOP/s) of this machine with --threads threads.

  /usr/bin/python3 scripts/bench/torch_unet.py --size 128 --batch 4 --norm batch --steps 10 --warmup 3 \
      --threads 2 --mode train|infer|peak
"""
import argparse
import json
import math
import resource
import statistics
import sys
import time

import torch
from torch import nn


def rss_mb():
    """Current resident set size (MB) from /proc/self/status."""
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return float('nan')


def peak_rss_mb():
    """Peak resident set size of this process (ru_maxrss is in kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def he_normal_(w, fan_in):
    std = math.sqrt(2.0 / fan_in)
    nn.init.trunc_normal_(w, 0.0, std, -2 * std, 2 * std)


class ConvNormRelu(nn.Sequential):
    def __init__(self, cin, cout, norm):
        conv = nn.Conv2d(cin, cout, 3, padding=1, bias=(norm == 'none'))
        he_normal_(conv.weight, 9 * cin)
        if conv.bias is not None:
            nn.init.zeros_(conv.bias)
        layers = [conv]
        if norm == 'batch':
            layers.append(nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1))
        layers.append(nn.ReLU(inplace=True))
        super().__init__(*layers)


def double_conv(cin, cout, norm):
    return nn.Sequential(ConvNormRelu(cin, cout, norm), ConvNormRelu(cout, cout, norm))


class UpConv(nn.Module):
    """2x2 stride-2 transposed conv c -> f as 1x1 conv to 4f + PixelShuffle(2) + bias[f] (same map, on oneDNN).

    PixelShuffle puts channel 4*o + 2*i + j of the 1x1 conv at pixel (2y + i, 2x + j) of output channel o, exactly
    ConvTranspose2d(c, f, 2, stride=2) with weight[:, o, i, j] = conv.weight[4*o + 2*i + j, :, 0, 0].
    """

    def __init__(self, c, f):
        super().__init__()
        self.conv = nn.Conv2d(c, 4 * f, 1, bias=False)
        # tfjs kernel [2,2,out,in]: fan_in = 2*2*out (the transposed conv's initialisation statistics).
        he_normal_(self.conv.weight, 4 * f)
        self.shuffle = nn.PixelShuffle(2)
        self.bias = nn.Parameter(torch.zeros(f))

    def forward(self, x):
        return self.shuffle(self.conv(x)) + self.bias.view(1, -1, 1, 1)


class UNet(nn.Module):
    def __init__(self, in_ch=1, classes=2, depth=4, filters=16, norm='batch'):
        super().__init__()
        self.enc = nn.ModuleList()
        c = in_ch
        for i in range(depth):
            self.enc.append(double_conv(c, filters * 2**i, norm))
            c = filters * 2**i
        self.pool = nn.MaxPool2d(2, 2)
        self.bottleneck = double_conv(c, filters * 2**depth, norm)
        c = filters * 2**depth
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for i in reversed(range(depth)):
            f = filters * 2**i
            self.up.append(UpConv(c, f))
            self.dec.append(double_conv(2 * f, f, norm))
            c = f
        self.logits = nn.Conv2d(c, classes, 1)
        nn.init.xavier_uniform_(self.logits.weight)
        nn.init.zeros_(self.logits.bias)

    def forward(self, x):
        skips = []
        for block in self.enc:
            x = block(x)
            skips.append(x)
            x = self.pool(x)
        x = self.bottleneck(x)
        for up, block, skip in zip(self.up, self.dec, reversed(skips)):
            x = block(torch.cat([skip, up(x)], dim=1))
        return self.logits(x)


def count_params(model):
    """(parameters + BN running mean/var, as tfjs countParams(); trainable parameters only)."""
    trainable = sum(p.numel() for p in model.parameters())
    stats = sum(b.numel() for n, b in model.named_buffers() if n.endswith(('running_mean', 'running_var')))
    return trainable + stats, trainable


def forward_gflop(model, x):
    """Forward GFLOP counted from the layers actually run: 2*k*k*Cin*Cout*H_out*W_out per convolution.

    The up-sampling's 1x1 conv to 4f channels counts 2*Cin*4f*H_in*W_in = the transposed conv's 2*2*2*Cin*f*H_in*W_in.
    """
    total = [0]

    def hook(mod, inp, out):
        kh, kw = mod.kernel_size
        n = out.shape[0]
        h, w = out.shape[2:]
        total[0] += 2 * kh * kw * mod.in_channels * mod.out_channels * h * w * n

    hooks = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, nn.Conv2d)]
    with torch.no_grad():
        model.eval()
        model(x)
        model.train()
    for h in hooks:
        h.remove()
    return total[0] / 1e9


def summary(times, extra):
    q = statistics.quantiles(times, n=10, method='inclusive') if len(times) > 1 else [times[0]] * 9
    return {'median_ms': statistics.median(times), 'p10_ms': q[0], 'p90_ms': q[-1], 'n': len(times),
            'peak_rss_mb': peak_rss_mb(), **extra}


def matmul_peak(n, steps, warmup):
    """Float32 n x n matmul GFLOP/s (2n^3 per product) through oneDNN (mkldnn_linear, else a 1x1 conv) and BLAS.

    Debian's torch links the generic reference BLAS, so torch.mm is far below the machine's peak; oneDNN (which
    also runs torch's convolutions) is the fair peak. Best and median of `steps` timed products after `warmup`.
    """
    def rate(f):
        times = []
        for i in range(warmup + steps):
            t0 = time.perf_counter()
            f()
            if i >= warmup:
                times.append(time.perf_counter() - t0)
        return 2 * n**3 / min(times) / 1e9, 2 * n**3 / statistics.median(times) / 1e9

    a, b = torch.randn(n, n), torch.randn(n, n)
    try:
        am, bm = a.to_mkldnn(), b.to_mkldnn()
        best, med = rate(lambda: torch._C._nn.mkldnn_linear(am, bm))
        how = 'oneDNN mkldnn_linear'
    except (AttributeError, RuntimeError):
        x, w = a.t().reshape(1, n, 32, n // 32), b.reshape(n, n, 1, 1)
        best, med = rate(lambda: torch.nn.functional.conv2d(x, w))
        how = 'oneDNN 1x1 conv'
    blas_best, _ = rate(lambda: torch.mm(a, b))
    return {'gflops_best': best, 'gflops_median': med, 'how': how, 'blas_mm_gflops': blas_best, 'n_matmul': n}


SLOW_OPS = ('slow_conv', 'thnn_conv', 'aten::mm', 'aten::addmm', 'aten::bmm', 'aten::_convolution_nogroup')


def slow_ops(step, top):
    """Runs `step` once under torch.profiler; prints its table (stderr) and returns the slow-path ops it ran."""
    from torch.profiler import ProfilerActivity, profile
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        step()
    averages = prof.key_averages()
    if top > 0:
        print(averages.table(sort_by='self_cpu_time_total', row_limit=top), file=sys.stderr)
    return sorted({e.key for e in averages if any(e.key.startswith(s) or s in e.key for s in SLOW_OPS)})


def make_step(model, x, y, mode):
    """One training step (zero_grad, forward, CE, backward, Adam, loss.item()) or one inference pass."""
    if mode == 'train':
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
        loss_fn = nn.CrossEntropyLoss()

        def step():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()
        return step
    model.eval()

    def infer():
        with torch.inference_mode():
            return model(x).sum().item()
    return infer


def ce_dice(logits, y, smooth=1e-5):
    """Mean softmax cross-entropy + (1 - soft Dice) over the foreground classes (seg's ceDice defaults)."""
    ce = nn.functional.cross_entropy(logits, y)
    p = torch.softmax(logits, 1)
    g = nn.functional.one_hot(y, logits.shape[1]).permute(0, 3, 1, 2).to(p.dtype)
    inter = (p * g).sum((0, 2, 3))
    dice = (2 * inter + smooth) / (p.sum((0, 2, 3)) + g.sum((0, 2, 3)) + smooth)
    return ce + 1 - dice[1:].mean()


def epoch_step(data_dir):
    """One epoch over seg demo's training set (files from scripts/bench/demo-epoch.mjs), batches in order."""
    import os
    import numpy as np
    meta = json.load(open(os.path.join(data_dir, 'shape.json')))
    n, s = meta['n'], meta['size']
    images = torch.from_numpy(np.fromfile(os.path.join(data_dir, 'images.f32'), dtype=np.float32).reshape(n, 1, s, s))
    labels = torch.from_numpy(np.fromfile(os.path.join(data_dir, 'labels.i32'), dtype=np.int32).reshape(n, s, s)).long()
    model = UNet(1, 2, meta['depth'], meta['filters'], 'batch')
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=meta['lr'], betas=(0.9, 0.999), eps=1e-7)
    b = meta['batch']

    def epoch():
        loss = None
        for i in range(0, n, b):
            opt.zero_grad(set_to_none=True)
            loss = ce_dice(model(images[i:i + b]), labels[i:i + b])
            loss.backward()
            opt.step()
            loss.item()
        return loss.item()
    return model, epoch, {'samples': n, 'size': s, 'batch': b, 'norm': 'batch'}


def timed(step, warmup, steps):
    times = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        step()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1e3)
    return times


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--size', type=int, default=128)
    p.add_argument('--batch', type=int, default=4)
    p.add_argument('--depth', type=int, default=4)
    p.add_argument('--filters', type=int, default=16)
    p.add_argument('--norm', choices=['batch', 'none'], default='batch')
    p.add_argument('--steps', type=int, default=10)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--mode', choices=['train', 'infer', 'epoch', 'peak'], default='train')
    p.add_argument('--data', help='--mode epoch: the folder scripts/bench/demo-epoch.mjs wrote')
    p.add_argument('--profile', type=int, default=0, help='print the torch.profiler table (this many rows) on stderr')
    p.add_argument('--seed', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    base = {'framework': 'pytorch', 'version': torch.__version__, 'threads': torch.get_num_threads(), 'mode': a.mode}
    if a.mode == 'peak':
        print(json.dumps({**base, **matmul_peak(1024, max(a.steps, 5), max(a.warmup, 1)), 'peak_rss_mb': peak_rss_mb()}))
        return
    base_rss = rss_mb()
    if a.mode == 'epoch':
        model, step, extra = epoch_step(a.data)
        times = timed(step, a.warmup, a.steps)
        params, _ = count_params(model)
        result = summary(times, {**base, **extra, 'params': params, 'base_rss_mb': base_rss})
        result['slow_ops'] = slow_ops(step, a.profile)
        print(json.dumps(result))
        return
    model = UNet(1, 2, a.depth, a.filters, a.norm)
    params, trainable = count_params(model)
    if (a.depth, a.filters) == (4, 16):
        expected = 1945250 if a.norm == 'batch' else 1940834  # seg's unet() docstring / tfjs countParams()
        assert params == expected, f'parameter count {params} != seg {expected}'
    x = torch.randn(a.batch, 1, a.size, a.size)
    y = (torch.rand(a.batch, a.size, a.size) > 0.7).long()
    gflop = forward_gflop(model, x)
    step = make_step(model, x, y, a.mode)
    times = timed(step, a.warmup, a.steps)
    extra = {**base, 'size': a.size, 'batch': a.batch, 'norm': a.norm, 'params': params, 'trainable': trainable,
             'fwd_gflop': gflop, 'base_rss_mb': base_rss}
    result = summary(times, extra)  # peak RSS read before the profiler adds its own memory
    result['slow_ops'] = slow_ops(step, a.profile)
    print(json.dumps(result))


if __name__ == '__main__':
    sys.exit(main())
