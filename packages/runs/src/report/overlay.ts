/**
 * Overlays for reports: the image in gray, the ground-truth boundary in green and the predicted boundary in red
 * (4-neighbour edges of each class region), encoded as a PNG data URI.
 */
import type { ImageArray, LabelMap } from '@seg/core';
import { PNG } from 'pngjs';

function isEdge(label: LabelMap, i: number, w: number, h: number): boolean {
  const v = label.data[i];
  if (v === 0) return false;
  const x = i % w;
  const y = (i - x) / w;
  return (
    x === 0 ||
    y === 0 ||
    x === w - 1 ||
    y === h - 1 ||
    label.data[i - 1] !== v ||
    label.data[i + 1] !== v ||
    label.data[i - w] !== v ||
    label.data[i + w] !== v
  );
}

/** RGBA pixels of the overlay, upscaled by an integer `zoom` (nearest) so small images stay readable. */
export function overlayRgba(
  image: ImageArray,
  truth: LabelMap,
  pred: LabelMap,
  zoom = 1,
): { width: number; height: number; data: Uint8Array } {
  const [h, w, c] = image.shape;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < h * w; i++) {
    const v = image.data[i * c];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const W = w * zoom;
  const out = new Uint8Array(W * h * zoom * 4);
  for (let i = 0; i < h * w; i++) {
    const g = Math.round((image.data[i * c] - lo) * scale);
    let rgb = [g, g, g];
    const t = isEdge(truth, i, w, h);
    const p = isEdge(pred, i, w, h);
    if (t && p) rgb = [255, 220, 0];
    else if (t) rgb = [0, 200, 0];
    else if (p) rgb = [230, 30, 30];
    const x = i % w;
    const y = (i - x) / w;
    for (let dy = 0; dy < zoom; dy++)
      for (let dx = 0; dx < zoom; dx++) {
        const o = ((y * zoom + dy) * W + x * zoom + dx) * 4;
        out[o] = rgb[0];
        out[o + 1] = rgb[1];
        out[o + 2] = rgb[2];
        out[o + 3] = 255;
      }
  }
  return { width: W, height: h * zoom, data: out };
}

/** The overlay as `data:image/png;base64,…` for an `<img>` tag. */
export function overlayDataUri(image: ImageArray, truth: LabelMap, pred: LabelMap): string {
  const zoom = Math.max(1, Math.floor(192 / Math.max(image.shape[0], image.shape[1])));
  const { width, height, data } = overlayRgba(image, truth, pred, zoom);
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}
