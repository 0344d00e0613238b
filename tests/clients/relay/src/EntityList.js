// Relay documents, compiled by relay-compiler into build/__generated__ and
// executed by relay.mjs; this file itself is never run.
/* global graphql */

// A paginated connection over the root field `entities`.
graphql`
  fragment EntityList_query on Query
  @argumentDefinitions(count: { type: "Int", defaultValue: 25 }, cursor: { type: "String" })
  @refetchable(queryName: "EntityListPaginationQuery") {
    entities(first: $count, after: $cursor) @connection(key: "EntityList_entities") {
      totalCount
      edges {
        node {
          id
          name
          kind
        }
      }
    }
  }
`;

graphql`
  query EntityListQuery {
    stats {
      entities
    }
    ...EntityList_query
  }
`;
