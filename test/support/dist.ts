import { existsSync } from 'node:fs';
import path from 'node:path';

/** Path of a built entry point; the test command builds before Jest runs. */
export function builtEntry(app: 'api' | 'worker' | 'stack'): string {
  const entry = path.resolve(__dirname, '../../dist/apps', app, 'src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  return entry;
}
