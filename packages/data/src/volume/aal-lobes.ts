/**
 * AAL atlas regions (Tzourio-Mazoyer et al. 2002, 116 regions, names as in MRIcron's aal.nii.txt) → 8 lobe classes.
 * The table is keyed by region name without the hemisphere suffix (_L / _R). Assignments follow the AAL
 * code families (2xxx frontal, 3xxx insula, 4xxx limbic, 5xxx occipital, 6xxx parietal, 7xxx central
 * grey, 8xxx temporal, 9xxx cerebellum): so Paracentral_Lobule is parietal and Fusiform occipital.
 */
import { SegInputError } from '@seg/core';

export const LOBE_NAMES = [
  'background',
  'frontal',
  'temporal',
  'parietal',
  'occipital',
  'limbic-insula',
  'deep-grey',
  'cerebellum',
] as const;

const FRONTAL = [
  'Precentral',
  'Frontal_Sup',
  'Frontal_Sup_Orb',
  'Frontal_Mid',
  'Frontal_Mid_Orb',
  'Frontal_Inf_Oper',
  'Frontal_Inf_Tri',
  'Frontal_Inf_Orb',
  'Rolandic_Oper',
  'Supp_Motor_Area',
  'Olfactory',
  'Frontal_Sup_Medial',
  'Frontal_Med_Orb',
  'Rectus',
];
const TEMPORAL = ['Heschl', 'Temporal_Sup', 'Temporal_Pole_Sup', 'Temporal_Mid', 'Temporal_Pole_Mid', 'Temporal_Inf'];
const PARIETAL = ['Postcentral', 'Parietal_Sup', 'Parietal_Inf', 'SupraMarginal', 'Angular', 'Precuneus', 'Paracentral_Lobule'];
const OCCIPITAL = ['Calcarine', 'Cuneus', 'Lingual', 'Occipital_Sup', 'Occipital_Mid', 'Occipital_Inf', 'Fusiform'];
const LIMBIC_INSULA = ['Insula', 'Cingulum_Ant', 'Cingulum_Mid', 'Cingulum_Post', 'Hippocampus', 'ParaHippocampal', 'Amygdala'];
const DEEP_GREY = ['Caudate', 'Putamen', 'Pallidum', 'Thalamus'];
const CEREBELLUM = [
  ...['Crus1', 'Crus2', '3', '4_5', '6', '7b', '8', '9', '10'].map((p) => `Cerebelum_${p}`),
  ...['1_2', '3', '4_5', '6', '7', '8', '9', '10'].map((p) => `Vermis_${p}`),
];

/** AAL region name (hemisphere suffix removed) → lobe class (index into {@link LOBE_NAMES}). */
export const AAL_LOBES: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(
    [FRONTAL, TEMPORAL, PARIETAL, OCCIPITAL, LIMBIC_INSULA, DEEP_GREY, CEREBELLUM].flatMap((names, k) => names.map((n) => [n, k + 1])),
  ),
);

/** One line of aal.nii.txt: `<index> <name> <code>`. */
export interface AalRegion {
  index: number;
  name: string;
  code: number;
}

/** Parses MRIcron's aal.nii.txt (CRLF or LF, blank lines ignored). */
export function parseAalNames(text: string, file = 'aal.nii.txt'): AalRegion[] {
  const out: AalRegion[] = [];
  for (const [n, line] of text.split(/\r?\n/).entries()) {
    const t = line.trim();
    if (t === '') continue;
    const m = /^(\d+)\s+(\S+)(?:\s+(\d+))?$/.exec(t);
    if (!m)
      throw new SegInputError({
        fn: 'parseAalNames',
        arg: 'text',
        expected: "lines '<index> <name> <code>'",
        got: `${JSON.stringify(t)} on line ${n + 1} of ${file}`,
      });
    out.push({ index: Number(m[1]), name: m[2], code: Number(m[3] ?? 0) });
  }
  return out;
}

/** The lobe of one AAL region name (e.g. 'Frontal_Sup_L' → 1), or undefined when the name is not in the table. */
export function aalLobe(name: string): number | undefined {
  return AAL_LOBES[name.replace(/_[LR]$/, '')];
}

/** Atlas value → lobe table for the given regions (value = region index; 0 → background). Unknown names are an error. */
export function aalLobeTable(regions: readonly AalRegion[]): Map<number, number> {
  const table = new Map<number, number>([[0, 0]]);
  const unknown = regions.filter((r) => aalLobe(r.name) === undefined).map((r) => r.name);
  if (unknown.length > 0)
    throw new SegInputError({
      fn: 'aalLobeTable',
      arg: 'regions',
      expected: 'AAL region names known to the lobe table',
      got: unknown.join(', '),
      hint: 'This is not the 116-region AAL atlas of MRIcron; extend AAL_LOBES',
    });
  for (const r of regions) table.set(r.index, aalLobe(r.name)!);
  return table;
}
