import { describe, expect, it } from 'vitest';
import { resolveTrainConfig } from '../../src/config/resolve.js';

const base = { data: 'phantom:rings' };
const problems = (overrides: Record<string, unknown>): string => {
  try {
    resolveTrainConfig({ ...base, ...overrides });
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('resolveTrainConfig checks names and options against the registries', () => {
  it('a valid config with every block passes and keeps the options as given (the factories apply defaults)', () => {
    const c = resolveTrainConfig({ ...base, loss: { name: 'mbls', margin: 5 }, method: { name: 'gambling', beta: 0.5 } });
    expect(c.loss).toEqual({ name: 'mbls', margin: 5 });
    expect(c.method).toEqual({ name: 'gambling', beta: 0.5 });
  });
  it('unknown loss, method and model names list the registered ones', () => {
    const m = problems({ loss: { name: 'hinge' }, method: { name: 'wgan' }, model: { name: 'vnet' } });
    expect(m).toContain('invalid configuration (3 problems)');
    expect(m).toMatch(
      /- method\.name: unknown method 'wgan'; one of 'supervised', 'gambling', 'segan', 'ce-adversarial', 'confidence', 'aag'/,
    );
    expect(m).toMatch(/- model\.name: unknown model 'vnet'; one of 'unet', /);
    expect(m).toMatch(/- loss\.name: unknown loss 'hinge'; one of 'ce', 'dice', 'ce\+dice', /);
  });
  it('unknown and invalid options of every block are listed together', () => {
    const m = problems({
      loss: { name: 'mbls', margins: 5, alpha: 'x' },
      pretrain: { epochs: 1, loss: { name: 'ce', smooth: 1 } },
      model: { options: { deepSupervision: 'yes' } },
      method: { name: 'gambling', betaa: 1 },
    });
    expect(m).toContain('invalid configuration (5 problems)');
    expect(m).toContain("- method: unknown option 'betaa' for method 'gambling'. Options of 'gambling': form, beta,");
    expect(m).toContain('- model.options: deepSupervision: Expected boolean, received string');
    expect(m).toContain(
      "- loss: 'margins' is not an option of loss 'mbls' (valid: margin, alpha, penalty, norm, reduction, ignoreIndex, checkLabels)",
    );
    expect(m).toContain('- loss: alpha: Expected number, received string');
    expect(m).toContain("- pretrain.loss: 'smooth' is not an option of loss 'ce'");
  });
  it("a method's own architecture is checked: aag trains aag-unet, which has no 'upsampling' but takes 'attention'", () => {
    expect(problems({ method: { name: 'aag', attention: false } })).toBe('no error');
    expect(problems({ method: { name: 'aag' }, model: { options: { upsampling: 'nearest' } } })).toContain(
      "- model.options: 'upsampling' is not an option of model 'aag-unet' (valid: depth, filters, norm, groups, attention)",
    );
  });
});
