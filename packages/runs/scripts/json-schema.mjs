// Writes config.schema.json (the JSON Schema of `seg train --config` files) from the built package.
// Run after `pnpm build`: pnpm --filter @seg/runs run schema. A test checks the file is in sync.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { trainConfigJsonSchema } from '../dist/index.js';

const path = new URL('../config.schema.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(trainConfigJsonSchema(), null, 2)}\n`);
spawnSync('npx', ['biome', 'format', '--write', fileURLToPath(path)], { stdio: 'inherit' }); // the repository's JSON style
console.log(`wrote ${path.pathname}`);
