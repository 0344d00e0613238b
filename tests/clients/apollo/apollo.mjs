// Apollo Client 3 against a running innograph server, as an app would use it:
//   node tests/clients/apollo/apollo.mjs http://127.0.0.1:PORT
// possibleTypes from introspection, relayStylePagination over `entities` to
// the end, and failing fields under errorPolicy "all" with no cache warning.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client/core/index.js';
import { relayStylePagination } from '@apollo/client/utilities/index.js';
import { loadDevMessages, loadErrorMessages } from '@apollo/client/dev/index.js';
import { assert, assertEqual, captureConsole, post, show, statsEntities as askStats, suite } from '../harness.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node apollo.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
const url = `${base}/graphql`;
// Apollo strips its warning texts to codes unless these are loaded; with them
// a cache warning reads as in development ("Missing field 'entity' ...").
loadDevMessages();
loadErrorMessages();

const t = suite('apollo');

const POSSIBLE_TYPES = `{ __schema { types { kind name possibleTypes { name } } } }`;

let possibleTypes;
await t.check('possibleTypes from introspection: Entity and Node list every entity type', async () => {
  const { status, body } = await post(url, POSSIBLE_TYPES);
  assertEqual(status, 200, 'introspection status');
  possibleTypes = {};
  for (const type of body.data.__schema.types) {
    if (type.possibleTypes) possibleTypes[type.name] = type.possibleTypes.map((p) => p.name).sort();
  }
  const entity = possibleTypes.Entity || [];
  assert(entity.length >= 8 && entity.includes('Company') && entity.includes('Region'), `Entity's possible types: ${show(entity)}`);
  for (const name of entity) {
    assert((possibleTypes.Node || []).includes(name), `${name} implements Entity but is not among Node's possible types ${show(possibleTypes.Node)}`);
  }
});

function newClient() {
  return new ApolloClient({
    link: new HttpLink({ uri: url, fetch }),
    cache: new InMemoryCache({
      possibleTypes,
      typePolicies: {
        Query: { fields: { entities: relayStylePagination(['kinds', 'region', 'year', 'orderBy']) } },
      },
    }),
  });
}

const ENTITIES = gql`
  query Entities($first: Int, $after: String) {
    stats { entities }
    entities(first: $first, after: $after) {
      totalCount
      edges { cursor node { id name kind ...EntityBits } }
      pageInfo { hasNextPage endCursor }
    }
  }
  fragment EntityBits on Entity {
    ... on Company { sector }
    ... on Region { parent { id name } }
  }
`;

const statsEntities = await askStats(url);

// The first settled result of a watched query (its subscription stays open,
// as a component's would, so fetchMore merges into it).
function firstResult(observable) {
  return new Promise((resolve, reject) => {
    observable.subscribe({
      next: (r) => {
        if (!r.loading) resolve(r);
      },
      error: reject,
    });
  });
}

await t.check('relayStylePagination pages `entities` to the end: every entity once, as many as stats.entities', async () => {
  const client = newClient();
  const { result, messages } = await captureConsole(async () => {
    const query = client.watchQuery({ query: ENTITIES, variables: { first: 25 }, fetchPolicy: 'cache-first' });
    let current = await firstResult(query);
    let pages = 1;
    while (current.data.entities.pageInfo.hasNextPage) {
      assert(pages < 100, 'more than 100 pages: the end is never reached');
      await query.fetchMore({ variables: { after: current.data.entities.pageInfo.endCursor } });
      current = query.getCurrentResult();
      pages += 1;
    }
    return { data: current.data, pages, cache: client.cache };
  });
  assertEqual(messages, [], 'console output while paging');
  const { data, pages, cache } = result;
  assertEqual(data.stats.entities, statsEntities, 'stats.entities in the paged query');
  assert(statsEntities > 25, `only ${statsEntities} entities: too few to page`);
  const ids = data.entities.edges.map((e) => e.node.id);
  assertEqual(ids.length, statsEntities, 'edges merged by relayStylePagination');
  assertEqual(data.entities.totalCount, statsEntities, 'totalCount');
  assertEqual(new Set(ids).size, ids.length, 'distinct ids');
  assertEqual(pages, Math.ceil(statsEntities / 25), 'pages fetched');
  // Normalised: each entity is one cache object keyed by its concrete type,
  // and a fragment on the interface reads it back (possibleTypes at work).
  const company = data.entities.edges.find((e) => e.node.__typename === 'Company').node;
  const cacheId = cache.identify(company);
  assertEqual(cacheId, `Company:${company.id}`, 'cache id of a company');
  const read = cache.readFragment({ id: cacheId, fragment: gql`fragment AnyEntity on Entity { id name ... on Company { sector } }` });
  assertEqual(read && read.name, company.name, 'name read back through a fragment on Entity');
});

// Runs one query under errorPolicy "all" on a fresh client and returns the
// result, what Apollo printed meanwhile, and what the cache then answers.
async function withErrorPolicyAll(query) {
  const client = newClient();
  const { result, messages } = await captureConsole(async () => {
    let res;
    try {
      res = await client.query({ query, errorPolicy: 'all', fetchPolicy: 'network-only' });
    } catch (e) {
      throw new Error(`client.query rejected under errorPolicy "all": ${e.message}${e.networkError ? ` (network error; server said ${show(e.networkError.result)})` : ''}`);
    }
    const cached = client.cache.diff({ query, optimistic: false, returnPartialData: true });
    return { res, cached };
  });
  return { ...result, messages };
}

function describeWarnings(messages) {
  return `Apollo printed: ${messages.join(' | ').slice(0, 600)}`;
}

await t.check('failing root field under errorPolicy "all": entity null, NOT_FOUND error at ["entity"], no cache warning', async () => {
  const query = gql`{ stats { entities } entity(id: "company/doesnotexist") { id name } }`;
  const { res, cached, messages } = await withErrorPolicyAll(query);
  const problems = [];
  if (messages.length) problems.push(describeWarnings(messages));
  if (!res.data || res.data.entity !== null) problems.push(`data.entity should be null, data is ${show(res.data)}`);
  if (!res.data || !res.data.stats || res.data.stats.entities !== statsEntities) problems.push(`data.stats should be answered, data is ${show(res.data)}`);
  const errors = res.errors || [];
  if (errors.length !== 1) problems.push(`expected 1 GraphQL error, got ${show(errors)}`);
  else {
    if (!errors[0].extensions || errors[0].extensions.code !== 'NOT_FOUND') problems.push(`error code: ${show(errors[0].extensions)}`);
    if (!Array.isArray(errors[0].path) || errors[0].path.join('/') !== 'entity') problems.push(`error path: ${show(errors[0].path)}`);
  }
  if (!cached.complete || cached.result.entity !== null) problems.push(`cache does not hold entity: null (complete=${cached.complete}, ${show(cached.missing && cached.missing.map((m) => m.message))})`);
  assert(problems.length === 0, problems.join('\n'));
});

await t.check('nested failing field under errorPolicy "all": null propagates from non-null `relations` to `entity`, error at ["entity","relations"]', async () => {
  // The entity exists: the null must come from the failing `relations`
  // (RelationConnection!, so its nullable parent `entity` becomes null).
  const exists = await post(url, '{ entity(id: "company/apple") { id } }');
  assertEqual(exists.body.data, { entity: { id: 'company/apple' } }, 'company/apple exists');
  const query = gql`{ stats { entities } entity(id: "company/apple") { id relations(first: 2, after: "bad") { totalCount } } }`;
  const { res, cached, messages } = await withErrorPolicyAll(query);
  const problems = [];
  if (messages.length) problems.push(describeWarnings(messages));
  if (!res.data || res.data.entity !== null) problems.push(`data.entity should be null, data is ${show(res.data)}`);
  if (!res.data || !res.data.stats || res.data.stats.entities !== statsEntities) problems.push(`data.stats should be answered, data is ${show(res.data)}`);
  const errors = res.errors || [];
  if (errors.length !== 1) problems.push(`expected 1 GraphQL error, got ${show(errors)}`);
  else if (!Array.isArray(errors[0].path) || errors[0].path.join('/') !== 'entity/relations') problems.push(`error path: ${show(errors[0].path)}`);
  if (!cached.complete || cached.result.entity !== null) problems.push(`cache does not hold entity: null (complete=${cached.complete})`);
  assert(problems.length === 0, problems.join('\n'));
});

await t.check('`first` out of range is a field error: a GraphQL error at ["entity","relations"], not a network error', async () => {
  const query = gql`{ stats { entities } entity(id: "company/apple") { id relations(first: 1000) { totalCount } } }`;
  const { res, messages } = await withErrorPolicyAll(query);
  const problems = [];
  if (messages.length) problems.push(describeWarnings(messages));
  if (!res.data || res.data.entity !== null || !res.data.stats) problems.push(`data should be {stats, entity: null}, is ${show(res.data)}`);
  const errors = res.errors || [];
  if (errors.length !== 1) problems.push(`expected 1 GraphQL error, got ${show(errors)}`);
  else {
    if (!Array.isArray(errors[0].path) || errors[0].path.join('/') !== 'entity/relations') problems.push(`error path: ${show(errors[0].path)}`);
    if (!Array.isArray(errors[0].locations) || errors[0].locations.length === 0) problems.push(`error locations: ${show(errors[0].locations)}`);
  }
  assert(problems.length === 0, problems.join('\n'));
});

t.done();
