// GraphQL Code Generator against a running innograph server:
//   node tests/clients/codegen/codegen.mjs http://127.0.0.1:PORT
// Generates types from the live schema (introspection) for src/operations.ts,
// type-checks src/main.ts with `tsc --noEmit`, then builds it and runs its
// checks against the server.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, suite } from '../harness.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node codegen.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const bin = (name) => join(here, '..', 'node_modules', '.bin', name);
const t = suite('codegen');

function step(command, args, env = {}) {
  const run = spawnSync(command, args, { cwd: here, encoding: 'utf8', env: { ...process.env, ...env } });
  assert(run.status === 0, `${command.split('/').pop()} ${args.join(' ')} exited ${run.status}:\n${run.stdout}${run.stderr}`.trim());
}

let built = false;
await t.check('graphql-codegen generates types from the live schema for the operations', async () => {
  rmSync(join(here, 'build'), { recursive: true, force: true });
  step(bin('graphql-codegen'), ['--config', 'codegen.yml', '--silent'], { INNOGRAPH_GRAPHQL_URL: `${base}/graphql` });
});
await t.check('tsc --noEmit: the program typed by the generated types compiles (strict)', async () => {
  step(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  step(bin('tsc'), ['-p', 'tsconfig.json']);
  built = true;
});
if (built) {
  const { checks } = await import(join(here, 'build', 'js', 'src', 'main.js'));
  for (const [name, fn] of checks) {
    await t.check(name, () => fn(base));
  }
}
t.done();
