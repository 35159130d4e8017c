import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Write `<dir>/<name>.json` whole or not at all (through a `.tmp` file and a rename). */
export async function writeResults(dir: string, name: string, results: unknown): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  const staging = `${file}.tmp`;
  await writeFile(staging, `${JSON.stringify(results, null, 2)}\n`);
  await rename(staging, file);
  return file;
}
