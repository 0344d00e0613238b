// A fragment on the Entity interface that Relay can refetch through
// `Query.node` (every Entity type is a Node).
/* global graphql */

graphql`
  fragment EntityCard_entity on Entity @refetchable(queryName: "EntityCardRefetchQuery") {
    id
    name
    kind
  }
`;

graphql`
  query EntityCardQuery($id: ID!) {
    entity(id: $id) {
      ...EntityCard_entity
    }
  }
`;
