import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RingscopeError } from '../errors.ts';
import { checkFreeSpace, DOWNLOAD_MIN_FREE_BYTES } from './disk.ts';
import { declaresProcedures } from './jar-scan.ts';
import type { LocalLayout } from './layout.ts';
import { MAVEN_PACKAGE, manualInstallCommand } from './prerequisites.ts';

type Versions = { neo4jVersion: string; apocVersion: string; gdsVersion: string };

function pom(artifactId: string, dependency: string): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ringscope.local</groupId><artifactId>${artifactId}</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>${dependency}</dependencies>
</project>
`;
}

function dependency(groupId: string, artifactId: string, version: string): string {
  return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
}

function copyDependencies(
  buildDir: string,
  name: string,
  pomText: string,
  outDir: string,
  extraArgs: string[] = [],
): void {
  const dir = path.join(buildDir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'pom.xml'), pomText);
  const result = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      path.join(dir, 'pom.xml'),
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${outDir}`,
      ...extraArgs,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.error) {
    throw new RingscopeError(
      'MAVEN_MISSING',
      `Could not run \`mvn\` to assemble ${name} (${result.error.message}). Install Maven (\`${manualInstallCommand([MAVEN_PACKAGE])}\`) and start again.`,
    );
  }
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`;
    const offline =
      /UnknownHost|Could not transfer|Connection refused|Network is unreachable|timed out/i.test(
        output,
      );
    const tail = output.trim().split('\n').slice(-8).join('\n');
    throw new RingscopeError(
      offline ? 'MAVEN_UNREACHABLE' : 'MAVEN_FAILED',
      offline
        ? `Maven Central is unreachable, so Neo4j could not be downloaded (needed once). Check the network or a Maven mirror in ~/.m2/settings.xml, or set NEO4J_URI.\n${tail}`
        : `Maven failed to assemble ${name}:\n${tail}`,
    );
  }
}

/** Artifact name without version, e.g. commons-lang3-3.12.0.jar -> commons-lang3. */
function artifactName(jar: string): string {
  return jar.replace(/-\d[\w.]*(?:-[a-z]+)?\.jar$/i, '');
}

function versionOf(jar: string): number[] {
  return (/-(\d[\d.]*)/.exec(jar.slice(artifactName(jar).length))?.[1] ?? '0')
    .split('.')
    .map(Number);
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** APOC and GDS may both bring a library (HdrHistogram); two versions on one classpath clash. */
function keepNewestJars(dir: string): void {
  const byName = new Map<string, string[]>();
  for (const jar of fs.readdirSync(dir)) {
    byName.set(artifactName(jar), [...(byName.get(artifactName(jar)) ?? []), jar]);
  }
  for (const jars of byName.values()) {
    jars.sort((a, b) => compareVersions(versionOf(b), versionOf(a)));
    for (const older of jars.slice(1)) fs.rmSync(path.join(dir, older));
  }
}

/**
 * Leaves in plugins/ only the jars that declare procedures or functions and moves the libraries
 * they use to plugin-lib/ (also on the classpath): Neo4j loads every class of every jar in
 * plugins/ at each start, and skipping the libraries took a start from 8.6–9.0 s to 6.7 s.
 */
function separatePluginLibraries(plugins: string, pluginLib: string): void {
  fs.mkdirSync(pluginLib, { recursive: true });
  for (const jar of fs.readdirSync(plugins)) {
    if (!declaresProcedures(path.join(plugins, jar))) {
      fs.renameSync(path.join(plugins, jar), path.join(pluginLib, jar));
    }
  }
}

export function isAssembled(layout: LocalLayout): boolean {
  return fs.existsSync(path.join(layout.distDir, 'ASSEMBLED'));
}

/**
 * Builds Neo4j's lib/ from the dependency set of neo4j-bootcheck (what the official tarball
 * ships), and APOC core plus open-source GDS into plugins/ (their libraries into plugin-lib/),
 * skipping third-party jars Neo4j already ships so one copy of each library is on the classpath.
 * Written to a temporary folder and renamed, so an interrupted download never leaves a half
 * distribution behind.
 */
export function assembleNeo4j(
  layout: LocalLayout,
  versions: Versions,
  log: (line: string) => void,
): void {
  if (isAssembled(layout)) return;
  // Java and Maven were checked (and installed if need be) by ensurePrerequisites.
  checkFreeSpace(
    {
      folder: path.dirname(layout.distDir),
      neededBytes: DOWNLOAD_MIN_FREE_BYTES,
      purpose: 'the download cache, where Neo4j, APOC and GDS are assembled once',
      moveWith: 'RINGSCOPE_CACHE',
    },
    log,
  );
  const partial = `${layout.distDir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  const lib = path.join(partial, 'lib');
  const plugins = path.join(partial, 'plugins');
  const build = path.join(partial, 'build');
  log(`Downloading Neo4j Community ${versions.neo4jVersion} from Maven Central (once)…`);
  copyDependencies(
    build,
    'neo4j',
    pom('neo4j', dependency('org.neo4j', 'neo4j-bootcheck', versions.neo4jVersion)),
    lib,
  );
  log(`Downloading APOC core ${versions.apocVersion}…`);
  copyDependencies(
    build,
    'apoc',
    pom(
      'apoc',
      // apoc-core's published POM omits apoc-common, which holds its result types.
      dependency('org.neo4j.procedure', 'apoc-core', versions.apocVersion) +
        dependency('org.neo4j.procedure', 'apoc-common', versions.apocVersion),
    ),
    plugins,
  );
  const shipped = new Set(fs.readdirSync(lib).map(artifactName));
  for (const jar of fs.readdirSync(plugins)) {
    if (shipped.has(artifactName(jar))) fs.rmSync(path.join(plugins, jar));
  }
  log(`Downloading Graph Data Science (open source) ${versions.gdsVersion}…`);
  copyDependencies(
    build,
    'gds',
    pom(
      'gds',
      ['proc', 'proc-sysinfo', 'open-write-services', 'opengds-extension', 'open-model-catalog']
        .map((artifact) => dependency('org.neo4j.gds', artifact, versions.gdsVersion))
        .join(''),
    ),
    plugins,
    // Libraries Neo4j already ships in lib/ are left out by group, so Neo4j's versions win
    // (GDS' own jars share some artifact names with Neo4j's and must not be matched by name).
    [
      '-DexcludeGroupIds=com.fasterxml.jackson.core,org.slf4j,org.eclipse.collections,com.github.ben-manes.caffeine,org.javassist',
      '-DexcludeArtifactIds=commons-lang3,commons-text',
    ],
  );
  keepNewestJars(plugins);
  separatePluginLibraries(plugins, path.join(partial, path.basename(layout.pluginLibDir)));
  fs.rmSync(build, { recursive: true, force: true });
  fs.writeFileSync(path.join(partial, 'ASSEMBLED'), `${JSON.stringify(versions)}\n`);
  fs.rmSync(layout.distDir, { recursive: true, force: true });
  fs.renameSync(partial, layout.distDir);
  log(`Neo4j assembled in ${layout.distDir}`);
}
