// Writes config.schema.json (the JSON Schema of `seg train --config` files) from the built package.
// Run after `pnpm build`: pnpm --filter @seg/runs run schema. A test checks the file is in sync.
import { writeFileSync } from 'node:fs';
import { trainConfigJsonSchema } from '../dist/index.js';

const path = new URL('../config.schema.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(trainConfigJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.pathname}`);
