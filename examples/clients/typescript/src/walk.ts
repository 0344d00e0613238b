// Walks a district the way a client app does: its parks, each park's
// tenants, each tenant's relations, following Relay pagination to the end
// of every connection, with types generated from the server's schema.
//
//   npm ci && INNOGRAPH_URL=http://127.0.0.1:8080 npm run generate && npm run build
//   node build/walk.js http://127.0.0.1:8080 [region/yangpu]
//
// Prints one line per park, tenant and relation, and a last line with the
// counts; exits 1 on any GraphQL error, or when a connection yields a
// different number of edges than its `totalCount` says.
import { graphql } from './gql/index.js';
import type { TypedDocumentString } from './gql/graphql.js';

const base = (process.argv[2] ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const district = process.argv[3] ?? 'region/yangpu';
/** Small pages on purpose, so that the walk really pages. */
const PAGE = 5;

const DistrictParks = graphql(`
  query ExampleDistrictParks($id: ID!, $first: Int!, $after: String) {
    entity(id: $id) {
      __typename
      id
      name
      ... on Region {
        parks(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id name } }
        }
      }
    }
  }
`);

const ParkTenants = graphql(`
  query ExampleParkTenants($id: ID!, $first: Int!, $after: String) {
    entity(id: $id) {
      __typename
      ... on Park {
        tenants(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { id name } }
        }
      }
    }
  }
`);

const EntityRelations = graphql(`
  query ExampleEntityRelations($id: ID!, $first: Int!, $after: String) {
    entity(id: $id) {
      relations(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { type direction other { id name } } }
      }
    }
  }
`);

let requests = 0;

/** Posts one typed document; its answer's type is the document's. */
async function run<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  requests += 1;
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as { data?: R | null; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    const messages = body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`;
    throw new Error(`the server answered with errors: ${messages}`);
  }
  return body.data;
}

interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: T }[];
}

/** Every node of a connection, page after page, checked against its totalCount. */
async function all<T>(what: string, page: (after: string | null) => Promise<Page<T>>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const p: Page<T> = await page(after);
    total = p.totalCount;
    nodes.push(...p.edges.map((e) => e.node));
    if (!p.pageInfo.hasNextPage) break;
    after = p.pageInfo.endCursor;
  }
  if (nodes.length !== total) {
    throw new Error(`${what}: paged ${nodes.length} edges, but totalCount says ${total}`);
  }
  return nodes;
}

function expectKind<T extends { __typename: string }, K extends T['__typename']>(
  entity: T | null,
  typename: K,
  id: string,
): Extract<T, { __typename: K }> {
  if (entity?.__typename !== typename) {
    throw new Error(`${id} is not a ${typename} (got ${entity?.__typename ?? 'nothing'})`);
  }
  return entity as Extract<T, { __typename: K }>;
}

async function main(): Promise<void> {
  let name = district;
  const parks = await all(`${district} parks`, async (after) => {
    const { entity } = await run(DistrictParks, { id: district, first: PAGE, after });
    const region = expectKind(entity, 'Region', district);
    name = region.name;
    return region.parks;
  });
  console.log(`${name} (${district}): ${parks.length} parks`);
  let tenantCount = 0;
  let relationCount = 0;
  for (const park of parks) {
    const tenants = await all(`${park.id} tenants`, async (after) => {
      const { entity } = await run(ParkTenants, { id: park.id, first: PAGE, after });
      return expectKind(entity, 'Park', park.id).tenants;
    });
    console.log(`  ${park.name} (${park.id}): ${tenants.length} tenants`);
    for (const tenant of tenants) {
      const relations = await all(`${tenant.id} relations`, async (after) => {
        const { entity } = await run(EntityRelations, { id: tenant.id, first: PAGE, after });
        if (!entity) throw new Error(`${tenant.id} is gone`);
        return entity.relations;
      });
      console.log(`    ${tenant.name} (${tenant.id}): ${relations.length} relations`);
      for (const r of relations) {
        const arrow = r.direction === 'OUTGOING' ? '->' : '<-';
        console.log(`      ${arrow} ${r.type} ${r.other.name} (${r.other.id})`);
      }
      tenantCount += 1;
      relationCount += relations.length;
    }
  }
  console.log(`walked ${parks.length} parks, ${tenantCount} tenants, ${relationCount} relations in ${requests} requests`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
