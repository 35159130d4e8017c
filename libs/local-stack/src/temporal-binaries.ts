import { constants } from 'node:fs';
import { access, chmod, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { commandWorks, runCommand } from './run-command';
import type { StackLog } from './log';
import { PINNED_CLOCK_MAIN_CLASS, PINNED_CLOCK_SOURCE } from './pinned-clock-test-server';

/**
 * Temporal's server binaries, built or fetched from the package registries once into a cache
 * and reused (ARCHITECTURE §2). Nothing here downloads a release binary.
 */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
/** What `temporal --version` of that tag reports (go install does not stamp the CLI version). */
const TEMPORAL_CLI_SERVER_MARK = 'Server 1.29.1';
export const TEST_SERVER_ARTIFACT = 'io.temporal:temporal-test-server';
export const TEST_SERVER_VERSION = '1.38.0';
/** Bumped when what the cache folder holds beside the jars changes (the pinned-clock main). */
const TEST_SERVER_LAYOUT = 3;

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'supervision-loop');
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function isWantedCli(binary: string): Promise<boolean> {
  if (!(await isExecutable(binary))) return false;
  try {
    return (await runCommand(binary, ['--version'])).includes(TEMPORAL_CLI_SERVER_MARK);
  } catch {
    return false;
  }
}

async function onPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && (await isExecutable(candidate))) return candidate;
  }
  return undefined;
}

/**
 * The Temporal CLI (dev server with SQLite and Web UI): from the cache, else from PATH if it is
 * the wanted version, else built with Go into the cache. `undefined` when none of these is
 * possible: the caller then lets the SDK download it.
 */
export async function ensureTemporalCli(cacheDir: string, log: StackLog): Promise<string | undefined> {
  const dir = path.join(cacheDir, `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const binary = path.join(dir, 'temporal');
  if (await isWantedCli(binary)) return binary;

  const fromPath = await onPath('temporal');
  if (fromPath && (await isWantedCli(fromPath))) {
    log(`using the Temporal CLI on PATH: ${fromPath}`);
    return fromPath;
  }

  if (!(await commandWorks('go', ['version']))) {
    log('no Temporal CLI in the cache or on PATH, and no Go toolchain to build one');
    return undefined;
  }
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go (first time only; a few minutes)…`);
  const started = Date.now();
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await runCommand('go', ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
    env: { ...process.env, GOBIN: staging },
  });
  if (!(await isWantedCli(path.join(staging, 'temporal')))) {
    throw new Error(`the built Temporal CLI does not report ${TEMPORAL_CLI_SERVER_MARK}`);
  }
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  log(`built the Temporal CLI in ${((Date.now() - started) / 1000).toFixed(1)} s: ${binary}`);
  return binary;
}

function testServerPom(): string {
  const [groupId, artifactId] = TEST_SERVER_ARTIFACT.split(':');
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.cache</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>${groupId}</groupId>
      <artifactId>${artifactId}</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}

/**
 * Temporal's Java time-skipping test server, fetched with Maven into the cache, with a main
 * class whose clock can start at a pinned instant (`pinned-clock-test-server.ts`), behind a
 * wrapper script that `exec`s java so that the SDK's kill reaches the JVM. The wrapper drops a
 * preloaded fake clock (`faketime`): the server's time is the one the test pins, whatever date
 * the rest of the run is made to believe.
 */
export async function ensureTemporalTestServer(cacheDir: string, log: StackLog): Promise<string> {
  const dir = path.join(cacheDir, `temporal-test-server-${TEST_SERVER_VERSION}-r${TEST_SERVER_LAYOUT}`);
  const wrapper = path.join(dir, 'temporal-test-server');
  const jar = `temporal-test-server-${TEST_SERVER_VERSION}.jar`;
  const present = async (root: string): Promise<boolean> =>
    (await isExecutable(path.join(root, 'temporal-test-server'))) &&
    (await readdir(path.join(root, 'lib')).catch(() => [] as string[])).includes(jar) &&
    (await readdir(path.join(root, 'classes')).catch(() => [] as string[])).includes(
      `${PINNED_CLOCK_MAIN_CLASS}.class`,
    );
  if (await present(dir)) return wrapper;

  if (!(await commandWorks('java', ['-version']))) throw new Error('the time-skipping test server needs java on PATH');
  if (!(await commandWorks('javac', ['-version'])))
    throw new Error('the time-skipping test server needs javac (a JDK) on PATH');
  if (!(await commandWorks('mvn', ['-v']))) throw new Error('fetching the time-skipping test server needs mvn on PATH');
  log(`fetching ${TEST_SERVER_ARTIFACT}:${TEST_SERVER_VERSION} with Maven (first time only)…`);
  const started = Date.now();
  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(path.join(staging, 'classes'), { recursive: true });
  await writeFile(path.join(staging, 'pom.xml'), testServerPom());
  await runCommand(
    'mvn',
    ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(staging, 'lib')}`],
    { cwd: staging },
  );
  const source = path.join(staging, `${PINNED_CLOCK_MAIN_CLASS}.java`);
  await writeFile(source, PINNED_CLOCK_SOURCE);
  await runCommand('javac', ['-cp', `${path.join(staging, 'lib')}/*`, '-d', path.join(staging, 'classes'), source]);
  const script = `#!/bin/sh
# Temporal time-skipping test server ${TEST_SERVER_VERSION}: <port> [--enable-time-skipping] [--start-at=<instant>]
unset LD_PRELOAD FAKETIME
dir="$(dirname "$0")"
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -cp "$dir/classes:$dir/lib/*" ${PINNED_CLOCK_MAIN_CLASS} "$@"
`;
  await writeFile(path.join(staging, 'temporal-test-server'), script);
  await chmod(path.join(staging, 'temporal-test-server'), 0o755);
  if (!(await present(staging))) throw new Error(`Maven did not deliver ${jar}`);
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  log(`fetched the test server in ${((Date.now() - started) / 1000).toFixed(1)} s: ${wrapper}`);
  return wrapper;
}
