// Queries with a field that fails: what does Relay's store see?
/* global graphql */

graphql`
  query FailingRootQuery {
    stats {
      entities
    }
    entity(id: "company/doesnotexist") {
      id
      name
    }
  }
`;

graphql`
  query FailingNestedQuery {
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
