/**
 * Voxel → world affines from a NIfTI header, as nifti1.h prescribes:
 *  - method 3 (sform_code > 0): rows srow_x, srow_y, srow_z;
 *  - method 2 (qform_code > 0): R(b, c, d) · diag(dx, dy, qfac·dz) + (qoffset_x, y, z), where a = √(1 − b² − c² − d²) and
 *    R = [[a²+b²−c²−d², 2(bc−ad), 2(bd+ac)], [2(bc+ad), a²+c²−b²−d², 2(cd−ab)], [2(bd−ac), 2(cd+ab), a²+d²−b²−c²]];
 *  - method 1 (both codes 0): diag(dx, dy, dz), no offset.
 * sform is preferred when both are set (as FSL, SPM and nibabel do).
 */
import type { NiftiHeader } from './volume.js';

/** Rotation-plus-scaling 4×4 (row-major) of a quaternion header. */
export function quaternionAffine(quatern: readonly number[], pixdim: readonly number[]): number[] {
  let [b, c, d] = quatern;
  const [, , , qx, qy, qz] = quatern;
  let a2 = 1 - (b * b + c * c + d * d);
  if (a2 < 1e-7) {
    // nifti1_io: a 180° rotation; renormalise (b, c, d) and take a = 0
    const n = Math.sqrt(b * b + c * c + d * d) || 1;
    [b, c, d] = [b / n, c / n, d / n];
    a2 = 0;
  }
  const a = Math.sqrt(a2);
  const qfac = pixdim[0] < 0 ? -1 : 1;
  const [dx, dy, dz] = [pixdim[1] || 1, pixdim[2] || 1, (pixdim[3] || 1) * qfac];
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const t = [qx, qy, qz];
  const out: number[] = [];
  for (let i = 0; i < 3; i++) out.push(r[i][0] * dx, r[i][1] * dy, r[i][2] * dz, t[i]);
  out.push(0, 0, 0, 1);
  return out;
}

/** The affine of a header (method 3, 2 or 1 above). */
export function headerAffine(h: NiftiHeader): number[] {
  if (h.sformCode > 0) return [...h.srow, 0, 0, 0, 1];
  if (h.qformCode > 0) return quaternionAffine(h.quatern, h.pixdim);
  return [h.pixdim[1] || 1, 0, 0, 0, 0, h.pixdim[2] || 1, 0, 0, 0, 0, h.pixdim[3] || 1, 0, 0, 0, 0, 1];
}
