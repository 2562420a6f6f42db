/**
 * Per-image intensity normalisation. Every reader in this package hands out z-scored images:
 * for each channel c separately, x ← (x − mean_c) / sd_c over the image's H×W pixels (population sd).
 * A constant channel (sd < 1e-8) is only centred. Scanner- and file-dependent intensity scales
 * disappear this way; the price is that absolute intensities (e.g. CT Hounsfield units) are lost.
 */

/** Z-scores each channel of an H×W×C channels-last image in place and returns the same array. */
export function standardizeImage(data: Float32Array, channels = 1): Float32Array {
  const n = data.length / channels;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let i = c; i < data.length; i += channels) sum += data[i];
    const mean = sum / n;
    let sq = 0;
    for (let i = c; i < data.length; i += channels) sq += (data[i] - mean) ** 2;
    const sd = Math.sqrt(sq / n);
    const scale = sd < 1e-8 ? 1 : 1 / sd;
    for (let i = c; i < data.length; i += channels) data[i] = (data[i] - mean) * scale;
  }
  return data;
}
