import { z } from 'zod';

/** `depth` and `filters` of a method's extra network (gambler, critic, discriminator), with that network's defaults. */
export function networkOptions(defaults: { depth: number; filters: number }, network: string) {
  return {
    depth: z.number().int().min(1).max(8).default(defaults.depth).describe(`${network}: down-sampling levels`),
    filters: z.number().int().min(1).default(defaults.filters).describe(`${network}: filters at the first level`),
  };
}
