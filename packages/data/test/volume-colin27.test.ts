import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AAL_LOBES, aalLobe, colin27Dataset, colin27Paths, LOBE_NAMES, parseAalNames, readNifti } from '../src/volume/index.js';

const paths = colin27Paths();

/**
 * True when the Colin27 files (Debian package mricron-data) are installed. Without them: outside CI the test
 * prints a visible warning and checks nothing; in CI it fails, because CI installs the package.
 */
function haveColin27(what: string): boolean {
  if (paths) return true;
  if (process.env.CI) throw new Error(`${what}: the Colin27 files are missing in CI; install them with: apt-get install -y mricron-data`);
  console.warn(`⚠ NOT CHECKED (${what}): mricron-data is not installed (apt-get install mricron-data); this test checked nothing.`);
  return false;
}

/** Independent of the name table: the AAL code family (thousands digit of the code in aal.nii.txt) → lobe. */
const FAMILY: Record<number, number> = { 2: 1, 3: 5, 4: 5, 5: 4, 6: 3, 7: 6, 8: 2, 9: 7 };

describe('AAL → lobe table', () => {
  it('holds 45 bilateral cerebral names, 9 bilateral cerebellar and 8 vermis names: 45·2 + 9·2 + 8 = 116 regions', () => {
    const names = Object.keys(AAL_LOBES);
    expect(names.length).toBe(45 + 9 + 8);
    expect(names.filter((n) => n.startsWith('Vermis_')).length).toBe(8);
    expect(aalLobe('Precentral_L')).toBe(1);
    expect(aalLobe('Vermis_1_2')).toBe(7);
    expect(aalLobe('Not_A_Region_L')).toBeUndefined();
    expect(LOBE_NAMES.length).toBe(8);
  });
  it('maps every region of aal.nii.txt, agreeing with the AAL code family', () => {
    if (!haveColin27('AAL lobe table vs aal.nii.txt')) return;
    const regions = parseAalNames(readFileSync(paths!.aalNames, 'utf8'));
    expect(regions.length).toBe(116);
    for (const r of regions) expect([r.name, aalLobe(r.name)]).toEqual([r.name, FAMILY[Math.floor(r.code / 1000)]]);
  });
});

describe('Colin27 preset (mricron-data)', () => {
  it('T1, brain mask and atlas share one 181×217×181 1 mm grid', () => {
    if (!haveColin27('Colin27 grids')) return;
    const [t1, aal] = [readNifti(paths!.t1), readNifti(paths!.aal)];
    expect(t1.shape).toEqual([181, 217, 181]);
    expect(aal.shape).toEqual(t1.shape);
    expect(aal.affine).toEqual(t1.affine);
  });
  it("'lobes': 8 classes, all present (also in the mid-volume test slab); slabs separated by 4-slice gaps", () => {
    if (!haveColin27('colin27Dataset lobes')) return;
    const { dataset, train, val, test, label } = colin27Dataset({ task: 'lobes', size: 32 });
    expect([dataset.height, dataset.width, dataset.channels, dataset.numClasses]).toEqual([32, 32, 1, 8]);
    const counts = new Array(8).fill(0);
    for (const v of label.data) counts[v]++;
    expect(counts.every((c) => c > 0)).toBe(true);
    const idx = (d: { ids(): string[] }) => d.ids().map((id) => Number(id.split('/')[1]));
    const [tr, va, te] = [idx(train), idx(val), idx(test)];
    // layout train | test | train | val with 4 dropped slices at each of the 3 boundaries
    const below = tr.filter((k) => k < Math.min(...te));
    const above = tr.filter((k) => k > Math.max(...te));
    expect(Math.min(...te) - Math.max(...below)).toBe(5);
    expect(Math.min(...above) - Math.max(...te)).toBe(5);
    expect(Math.min(...va) - Math.max(...above)).toBe(5);
    expect(tr.length + va.length + te.length + 12).toBe(dataset.size);
    const inTest = new Set<number>();
    for (let i = 0; i < test.size; i++) for (const v of test.get(i).label!.data) inTest.add(v);
    expect([...inTest].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
  it("'brain': binary mask from ch2bet > 0 covering about 1.1–1.9 litres (adult brain volume)", () => {
    if (!haveColin27('colin27Dataset brain')) return;
    const { dataset, label } = colin27Dataset({ task: 'brain', size: 32 });
    expect(dataset.classNames).toEqual(['background', 'brain']);
    let ml = 0;
    for (const v of label.data) ml += v / 1000; // 1 mm³ voxels
    expect(ml).toBeGreaterThan(1100);
    expect(ml).toBeLessThan(1900);
  });
});
