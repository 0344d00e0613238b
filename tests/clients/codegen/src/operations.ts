// The operations codegen types; main.ts sends them and checks the answers
// against the generated types at run time too.

export const EntitiesPage = /* GraphQL */ `
  query EntitiesPage($first: Int, $after: String) {
    stats {
      entities
    }
    entities(first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          __typename
          id
          name
          kind
          ... on Company {
            sector
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const EntityById = /* GraphQL */ `
  query EntityById($id: ID!) {
    entity(id: $id) {
      __typename
      id
      name
      relations(first: 2) {
        totalCount
        edges {
          node {
            type
            other {
              id
            }
          }
        }
      }
    }
  }
`;

export const FailingRoot = /* GraphQL */ `
  query FailingRoot {
    stats {
      entities
    }
    entity(id: "company/doesnotexist") {
      id
      name
    }
  }
`;

export const FailingNested = /* GraphQL */ `
  query FailingNested {
    stats {
      entities
    }
    entity(id: "company/apple") {
      id
      relations(first: 2, after: "bad") {
        totalCount
      }
    }
  }
`;
