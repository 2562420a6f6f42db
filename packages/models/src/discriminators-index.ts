export type { DiscriminatorConfig, ResolvedDiscriminatorConfig } from './discriminators.js';
export { confidenceNetwork, DISCRIMINATOR_DEFAULTS, imageDiscriminator, resolveDiscriminatorConfig } from './discriminators.js';
