// relay-compiler and relay-runtime against a running innograph server:
//   node tests/clients/relay/relay.mjs http://127.0.0.1:PORT
// Compiles src/ (a @connection fragment, a @refetchable fragment on the
// Entity interface, queries with failing fields) against the live
// /schema.graphql, then executes the artifacts with relay-runtime.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Environment,
  Network,
  RecordSource,
  Store,
  createOperationDescriptor,
  fetchQuery,
  getSelector,
} from 'relay-runtime';
import { assert, assertEqual, captureConsole, show, statsEntities as askStats, suite } from '../harness.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node relay.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const build = join(here, 'build');
const t = suite('relay');

let compiled = false;
await t.check('relay-compiler compiles the @connection and @refetchable fragments against the live /schema.graphql', async () => {
  const res = await fetch(`${base}/schema.graphql`);
  assertEqual(res.status, 200, 'GET /schema.graphql status');
  const sdl = await res.text();
  assert(sdl.includes('type Query'), 'the SDL has no Query type');
  rmSync(build, { recursive: true, force: true });
  mkdirSync(join(build, '__generated__'), { recursive: true });
  writeFileSync(join(build, 'schema.graphql'), sdl);
  // The artifacts are CommonJS (they require each other without extensions).
  writeFileSync(join(build, 'package.json'), '{ "type": "commonjs" }\n');
  const compiler = join(here, '..', 'node_modules', '.bin', 'relay-compiler');
  const run = spawnSync(compiler, [], { cwd: here, encoding: 'utf8' });
  const output = `${run.stdout}${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  assert(run.status === 0, `relay-compiler exited ${run.status}:\n${output.trim()}`);
  compiled = true;
});
if (!compiled) {
  t.done();
  process.exit();
}

const artifact = async (name) => (await import(join(build, '__generated__', `${name}.graphql.js`))).default;
const EntityListQuery = await artifact('EntityListQuery');
const EntityListPaginationQuery = await artifact('EntityListPaginationQuery');
const EntityListFragment = await artifact('EntityList_query');
const EntityCardQuery = await artifact('EntityCardQuery');
const EntityCardRefetchQuery = await artifact('EntityCardRefetchQuery');
const EntityCardFragment = await artifact('EntityCard_entity');
const FailingRootQuery = await artifact('FailingRootQuery');
const FailingNestedQuery = await artifact('FailingNestedQuery');

const responses = [];
function newEnvironment() {
  const network = Network.create(async (params, variables) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: params.text, variables }),
    });
    const body = await res.json();
    responses.push({ operation: params.name, status: res.status, body });
    return body;
  });
  return new Environment({ network, store: new Store(new RecordSource(), { gcReleaseBufferSize: 50 }) });
}

// Fetches a query, keeps it retained, and returns the root snapshot.
async function run(env, query, variables = {}) {
  const operation = createOperationDescriptor(query, variables);
  env.retain(operation);
  await fetchQuery(env, query, variables, { fetchPolicy: 'network-only' }).toPromise();
  return env.lookup(operation.fragment);
}

const statsEntities = await askStats(`${base}/graphql`);
await t.check('a @connection over `entities`, paged with its @refetchable pagination query to the end', async () => {
  const env = newEnvironment();
  const { result, messages } = await captureConsole(async () => {
    const root = await run(env, EntityListQuery);
    const selector = getSelector(EntityListFragment, root.data);
    let page = env.lookup(selector);
    let pages = 1;
    while (page.data.entities.pageInfo.hasNextPage) {
      assert(pages < 100, 'more than 100 pages: the end is never reached');
      await run(env, EntityListPaginationQuery, { count: 25, cursor: page.data.entities.pageInfo.endCursor });
      page = env.lookup(selector);
      pages += 1;
    }
    return { root, page, pages };
  });
  assertEqual(messages, [], 'console output while paging');
  const { root, page, pages } = result;
  assertEqual(root.isMissingData, false, 'root snapshot isMissingData');
  assertEqual(root.data.stats.entities, statsEntities, 'stats.entities in the root query');
  assert(statsEntities > 25, `only ${statsEntities} entities: too few to page`);
  const ids = page.data.entities.edges.map((e) => e.node.id);
  assertEqual(ids.length, statsEntities, 'edges in the connection after paging');
  assertEqual(new Set(ids).size, ids.length, 'distinct ids');
  assertEqual(page.data.entities.totalCount, statsEntities, 'totalCount');
  assertEqual(pages, Math.ceil(statsEntities / 25), 'pages fetched');
  assertEqual(page.isMissingData, false, 'fragment snapshot isMissingData');
});

await t.check('a @refetchable fragment on Entity refetches through `node(id:)` into the same store record', async () => {
  const env = newEnvironment();
  const { result, messages } = await captureConsole(async () => {
    const first = await run(env, EntityCardQuery, { id: 'company/apple' });
    const card = env.lookup(getSelector(EntityCardFragment, first.data.entity));
    const refetched = await run(env, EntityCardRefetchQuery, { id: 'company/apple' });
    const again = env.lookup(getSelector(EntityCardFragment, refetched.data.node));
    return { first, card, refetched, again, record: env.getStore().getSource().get('company/apple') };
  });
  assertEqual(messages, [], 'console output');
  const { card, refetched, again, record } = result;
  assertEqual(card.data.id, 'company/apple', 'fragment id');
  assert(typeof card.data.name === 'string' && card.data.name.length > 0, `fragment name ${show(card.data.name)}`);
  assertEqual(card.data.kind, 'COMPANY', 'fragment kind');
  assertEqual(refetched.isMissingData, false, 'refetch snapshot isMissingData');
  assertEqual(again.data, card.data, 'fragment data read through the refetch query');
  assertEqual(record && record.__typename, 'Company', 'normalised record type');
});

// What relay-runtime makes of a response with a failing field: the store
// must hold the null (no "Payload did not contain a value for field"), the
// snapshot must not be missing data, and the error must reach the reader.
async function failing(query) {
  const env = newEnvironment();
  const { result, messages } = await captureConsole(async () => {
    try {
      return { snapshot: await run(env, query) };
    } catch (e) {
      return { thrown: e };
    }
  });
  const last = responses[responses.length - 1];
  const problems = [];
  if (messages.length) problems.push(`relay printed: ${messages.join(' | ').slice(0, 600)}`);
  if (result.thrown) problems.push(`fetchQuery failed: ${result.thrown.message}`);
  return { snapshot: result.snapshot, problems, response: last };
}

// The server's errors as the reader reports them (not missing-data notes).
function payloadErrors(snapshot) {
  return (snapshot.fieldErrors || []).filter((e) => e.kind === 'relay_field_payload.error');
}

await t.check('failing root field: the store holds entity: null, nothing missing, the NOT_FOUND error reaches the reader on `entity`', async () => {
  const { snapshot, problems, response } = await failing(FailingRootQuery);
  if (snapshot) {
    if (snapshot.data.entity !== null) problems.push(`snapshot entity is ${show(snapshot.data.entity)}, not null`);
    if (!snapshot.data.stats || snapshot.data.stats.entities !== statsEntities) problems.push(`snapshot stats ${show(snapshot.data.stats)}`);
    if (snapshot.isMissingData) problems.push('snapshot isMissingData is true');
    // Relay keeps a field's errors on that field, their paths made relative
    // to it: the error at ["entity"] is on `entity` with path [].
    const errors = payloadErrors(snapshot);
    if (errors.length !== 1 || show(errors[0].error.path || []) !== show([]) || (errors[0].error.extensions || {}).code !== 'NOT_FOUND') {
      problems.push(`field errors seen by the reader: ${show(snapshot.fieldErrors)}`);
    }
  }
  assert(problems.length === 0, `${problems.join('\n')}\nserver answered ${show(response && response.body)}`);
});

await t.check('nested failing field: null propagated to `entity`, the error at entity.relations reaches the reader on `entity`', async () => {
  const { snapshot, problems, response } = await failing(FailingNestedQuery);
  if (snapshot) {
    if (snapshot.data.entity !== null) problems.push(`snapshot entity is ${show(snapshot.data.entity)}, not null`);
    if (!snapshot.data.stats || snapshot.data.stats.entities !== statsEntities) problems.push(`snapshot stats ${show(snapshot.data.stats)}`);
    if (snapshot.isMissingData) problems.push('snapshot isMissingData is true');
    // The error at ["entity","relations"] is kept on `entity` (the null
    // that holds it), with the rest of its path, ["relations"].
    const errors = payloadErrors(snapshot);
    if (errors.length !== 1 || show(errors[0].error.path) !== show(['relations'])) {
      problems.push(`field errors seen by the reader: ${show(snapshot.fieldErrors)}`);
    }
  }
  assert(problems.length === 0, `${problems.join('\n')}\nserver answered ${show(response && response.body)}`);
});

t.done();
