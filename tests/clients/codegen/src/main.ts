// A small program typed by GraphQL Code Generator's output (build/graphql.ts).
// `tsc --noEmit` proves the generated types compile and say what the schema
// says (the type-level checks below); codegen.mjs then runs the compiled
// checks against the server, so the types are also held to the real answers.
import type {
  EntitiesPageQuery,
  EntitiesPageQueryVariables,
  EntityByIdQuery,
  EntityByIdQueryVariables,
  FailingNestedQuery,
  FailingRootQuery,
} from '../build/graphql.js';
import { EntitiesPage, EntityById, FailingNested, FailingRoot } from './operations.js';

// What the generated types must say, checked by the compiler.
type Assert<T extends true> = T;
type Nullable<T> = null extends T ? true : false;
type Not<T extends boolean> = T extends true ? false : true;
type RequiredKey<T, K extends keyof T> = {} extends Pick<T, K> ? false : true;
export type TypeChecks = [
  Assert<Nullable<FailingRootQuery['entity']>>, // Query.entity: Entity
  Assert<RequiredKey<FailingRootQuery, 'entity'>>, // present, even when null
  Assert<Not<Nullable<FailingRootQuery['stats']>>>, // Query.stats: Stats!
  Assert<Not<Nullable<NonNullable<FailingNestedQuery['entity']>['relations']>>>, // RelationConnection!
  Assert<Not<Nullable<EntitiesPageQuery['entities']['edges'][number]['node']['id']>>>,
  Assert<Nullable<EntitiesPageQuery['entities']['pageInfo']['endCursor']>>,
];

export interface GraphQLError {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: { code?: string; [key: string]: unknown };
}
export interface Result<TData> {
  data?: TData | null;
  errors?: GraphQLError[];
}

async function execute<TData, TVariables extends Record<string, unknown> = Record<string, never>>(
  url: string,
  query: string,
  variables?: TVariables,
): Promise<{ status: number; result: Result<TData> }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, result: (await res.json()) as Result<TData> };
}

function fail(message: string, answer?: unknown): never {
  throw new Error(answer === undefined ? message : `${message}; the server answered ${JSON.stringify(answer)}`);
}

// The checks, run by codegen.mjs in order.
export const checks: Array<[string, (url: string) => Promise<void>]> = [
  [
    'typed EntitiesPage query pages `entities` to the end: every entity once, as many as stats.entities',
    async (url) => {
      const ids: string[] = [];
      let after: string | null = null;
      let total = -1;
      for (let page = 0; ; page += 1) {
        if (page > 100) fail('more than 100 pages');
        const variables: EntitiesPageQueryVariables = { first: 40, after };
        const { result } = await execute<EntitiesPageQuery, EntitiesPageQueryVariables>(url, EntitiesPage, variables);
        const data = result.data;
        if (!data || result.errors) fail('page failed', result);
        total = data.stats.entities;
        for (const edge of data.entities.edges) {
          if (typeof edge.node.id !== 'string' || typeof edge.node.name !== 'string') fail('node lacks id or name', edge);
          if (edge.node.__typename === 'Company' && !('sector' in edge.node)) fail('Company without `sector`', edge);
          ids.push(edge.node.id);
        }
        if (!data.entities.pageInfo.hasNextPage) break;
        after = data.entities.pageInfo.endCursor;
      }
      if (ids.length !== total) fail(`paged ${ids.length} entities, stats.entities is ${total}`);
      if (new Set(ids).size !== ids.length) fail('an id came twice');
    },
  ],
  [
    'typed EntityById query: the answer has the generated shape',
    async (url) => {
      const variables: EntityByIdQueryVariables = { id: 'company/apple' };
      const { result } = await execute<EntityByIdQuery, EntityByIdQueryVariables>(url, EntityById, variables);
      const entity = result.data?.entity;
      if (!entity || result.errors) fail('company/apple not answered', result);
      if (entity.__typename !== 'Company' || entity.id !== 'company/apple') fail('wrong entity', result);
      if (typeof entity.relations.totalCount !== 'number' || entity.relations.edges.length > 2) fail('relations', result);
      for (const edge of entity.relations.edges) {
        if (typeof edge.node.type !== 'string' || typeof edge.node.other.id !== 'string') fail('relation edge', result);
      }
    },
  ],
  [
    'FailingRoot: `entity` is present and null (as its type says), stats answered, NOT_FOUND error at ["entity"]',
    async (url) => {
      const { status, result } = await execute<FailingRootQuery>(url, FailingRoot);
      const data = result.data;
      if (!data) fail(`no data (HTTP ${status})`, result);
      // FailingRootQuery says `entity: ... | null`, a required key.
      if (!('entity' in data)) fail('`entity` is left out of data, which FailingRootQuery does not allow', result);
      if (data.entity !== null) fail('`entity` is not null', result);
      if (typeof data.stats.entities !== 'number') fail('stats not answered', result);
      const error = result.errors?.[0];
      if (result.errors?.length !== 1 || !error) fail('expected one error', result);
      if (error.extensions?.code !== 'NOT_FOUND') fail('error code', result);
      if (JSON.stringify(error.path) !== JSON.stringify(['entity'])) fail('error path', result);
    },
  ],
  [
    'FailingNested: `entity` null (its `relations` is non-null, so the null propagates), error at ["entity","relations"]',
    async (url) => {
      const { status, result } = await execute<FailingNestedQuery>(url, FailingNested);
      const data = result.data;
      if (!data) fail(`no data (HTTP ${status})`, result);
      if (!('entity' in data)) fail('`entity` is left out of data', result);
      if (data.entity !== null) {
        // The type promises `relations` on any non-null entity.
        if (!('relations' in data.entity) || data.entity.relations === null) {
          fail('`entity` is an object without its non-null `relations`, which FailingNestedQuery does not allow', result);
        }
        fail('`entity` is not null', result);
      }
      if (typeof data.stats.entities !== 'number') fail('stats not answered', result);
      const error = result.errors?.[0];
      if (result.errors?.length !== 1 || !error) fail('expected one error', result);
      if (JSON.stringify(error.path) !== JSON.stringify(['entity', 'relations'])) fail('error path', result);
    },
  ],
];
