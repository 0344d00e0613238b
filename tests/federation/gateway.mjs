// innograph as an Apollo Federation v2 subgraph, composed with a second,
// demo subgraph by @apollo/gateway (IntrospectAndCompose), all on loopback.
//
//   node tests/federation/gateway.mjs http://127.0.0.1:PORT/graphql
//
// The argument is a running `innograph serve --federation`. This script
// starts the demo "reviews" subgraph, which extends innograph's `Company`
// entity with `reviews` (made-up demo reviews, test data of this subgraph,
// not facts about any company), composes the supergraph from both
// subgraphs' `_service { sdl }`, sends queries that cross the two through
// the gateway, and prints one line per answer:
//
//   RESULT <label> <the gateway's JSON response>
//
// tests/integration/federation.rs runs it and asserts on the answers.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { parse } from 'graphql';

const innograph = process.argv[2];
if (!innograph) {
  console.error('usage: node gateway.mjs INNOGRAPH_GRAPHQL_URL');
  process.exit(2);
}
// Never hang a test run: the whole script has a minute.
setTimeout(() => {
  console.error('gateway.mjs: timed out after 60 s');
  process.exit(1);
}, 60_000).unref();

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

  "A company, as the demo subgraph knows it: only its id (innograph resolves the rest)."
  type Company @key(fields: "id") {
    "innograph's id, e.g. company/gravibit."
    id: ID!
    "Demo reviews held by this test subgraph (made-up test data, not facts about the company)."
    reviews: [Review!]!
  }

  "A demo review: test data of the reviews subgraph."
  type Review {
    "The review's id in this subgraph."
    id: ID!
    "One to five."
    stars: Int!
    "The demo text."
    body: String!
    "The company reviewed (resolved by innograph)."
    company: Company
  }

  type Query {
    "The demo reviews of companies innograph knows."
    latestReviews: [Review!]!
    "A demo review of a company innograph does not have."
    orphanReview: Review
  }
`);

// Made-up demo data of this subgraph, keyed by innograph company ids.
const reviews = [
  { id: 'r1', company: 'company/gravibit', stars: 5, body: 'demo review r1 (federation test data)' },
  { id: 'r2', company: 'company/gravibit', stars: 3, body: 'demo review r2 (federation test data)' },
  { id: 'r3', company: 'company/creater', stars: 4, body: 'demo review r3 (federation test data)' },
];
const orphan = { id: 'r4', company: 'company/not-in-innograph', stars: 1, body: 'demo review r4 (federation test data)' };

const resolvers = {
  Query: {
    latestReviews: () => reviews,
    orphanReview: () => orphan,
  },
  Review: {
    company: (r) => ({ __typename: 'Company', id: r.company }),
  },
  Company: {
    __resolveReference: (ref) => ({ id: ref.id }),
    reviews: (c) => reviews.filter((r) => r.company === c.id),
  },
};

const loopback = { host: '127.0.0.1', port: 0 };
const plugins = [ApolloServerPluginLandingPageDisabled()];
const quiet = { includeStacktraceInErrorResponses: false };

const subgraph = new ApolloServer({
  schema: buildSubgraphSchema({ typeDefs, resolvers }),
  plugins: [...plugins, ApolloServerPluginInlineTraceDisabled()],
  ...quiet,
});
const { url: reviewsUrl } = await startStandaloneServer(subgraph, { listen: loopback });

const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({
    subgraphs: [
      { name: 'innograph', url: innograph },
      { name: 'reviews', url: reviewsUrl },
    ],
  }),
});
const server = new ApolloServer({ gateway, plugins, ...quiet });
const { url: gatewayUrl } = await startStandaloneServer(server, { listen: loopback });
console.log(`composed innograph (${innograph}) and reviews (${reviewsUrl}) at ${gatewayUrl}`);

const queries = {
  // Starts at innograph's `entity`; `reviews` comes from the demo subgraph.
  entity: `{ entity(id: "company/gravibit") { __typename id name
    ... on Company { sector reviews { id stars body } } } }`,
  // Starts at innograph's `search`.
  search: `{ search(query: "GraviBit", first: 3) { edges { node { id name
    ... on Company { reviews { id stars } } } } } }`,
  // Starts at the demo subgraph; innograph's `_entities` gives the names.
  reviews: `{ latestReviews { id stars company { id name kind } } }`,
  // A reference innograph cannot resolve.
  orphan: `{ orphanReview { id company { id name } } }`,
};

let failed = false;
for (const [label, query] of Object.entries(queries)) {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = await res.json();
  if (!res.ok) failed = true;
  console.log(`RESULT ${label} ${JSON.stringify(body)}`);
}

await server.stop();
await subgraph.stop();
process.exit(failed ? 1 : 0);
