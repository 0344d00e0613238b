"""Walks a district the way a client app does, with Python gql: its parks,
each park's tenants, each tenant's relations, following Relay pagination to
the end of every connection. Every document is validated against the schema
the server serves at /schema.graphql before it is sent.

    python3 -m venv .venv && .venv/bin/pip install -r requirements.txt
    .venv/bin/python walk.py http://127.0.0.1:8080 [region/yangpu]

Prints the same lines as the TypeScript example (../typescript); exits 1 on
any GraphQL error, or when a connection yields a different number of edges
than its `totalCount` says.
"""

import sys
import urllib.request

from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport

# Small pages on purpose, so that the walk really pages.
PAGE = 5

DISTRICT_PARKS = gql(
    """
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
    """
)

PARK_TENANTS = gql(
    """
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
    """
)

ENTITY_RELATIONS = gql(
    """
    query ExampleEntityRelations($id: ID!, $first: Int!, $after: String) {
      entity(id: $id) {
        relations(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { node { type direction other { id name } } }
        }
      }
    }
    """
)


class Walk:
    """One session against the server, counting its requests."""

    def __init__(self, session):
        self.session = session
        self.requests = 0

    def run(self, document, **variables):
        self.requests += 1
        return self.session.execute(document, variable_values=variables)

    def all(self, what, page):
        """Every node of a connection, page after page, checked against
        its totalCount."""
        nodes, after, total = [], None, 0
        while True:
            p = page(after)
            total = p["totalCount"]
            nodes.extend(edge["node"] for edge in p["edges"])
            if not p["pageInfo"]["hasNextPage"]:
                break
            after = p["pageInfo"]["endCursor"]
        if len(nodes) != total:
            raise SystemExit(f"{what}: paged {len(nodes)} edges, but totalCount says {total}")
        return nodes


def expect_kind(entity, typename, id_):
    if not entity or entity["__typename"] != typename:
        got = entity["__typename"] if entity else "nothing"
        raise SystemExit(f"{id_} is not a {typename} (got {got})")
    return entity


def main():
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080").rstrip("/")
    district = sys.argv[2] if len(sys.argv) > 2 else "region/yangpu"
    with urllib.request.urlopen(f"{base}/schema.graphql") as response:
        sdl = response.read().decode("utf-8")
    transport = RequestsHTTPTransport(url=f"{base}/graphql", retries=0)
    # `schema=` makes gql check every document locally before sending it.
    with Client(transport=transport, schema=sdl) as session:
        walk = Walk(session)
        name = district

        def parks_page(after):
            nonlocal name
            region = expect_kind(
                walk.run(DISTRICT_PARKS, id=district, first=PAGE, after=after)["entity"],
                "Region",
                district,
            )
            name = region["name"]
            return region["parks"]

        parks = walk.all(f"{district} parks", parks_page)
        print(f"{name} ({district}): {len(parks)} parks")
        tenant_count = relation_count = 0
        for park in parks:
            tenants = walk.all(
                f"{park['id']} tenants",
                lambda after, id_=park["id"]: expect_kind(
                    walk.run(PARK_TENANTS, id=id_, first=PAGE, after=after)["entity"],
                    "Park",
                    id_,
                )["tenants"],
            )
            print(f"  {park['name']} ({park['id']}): {len(tenants)} tenants")
            for tenant in tenants:
                def relations_page(after, id_=tenant["id"]):
                    entity = walk.run(ENTITY_RELATIONS, id=id_, first=PAGE, after=after)["entity"]
                    if entity is None:
                        raise SystemExit(f"{id_} is gone")
                    return entity["relations"]

                relations = walk.all(f"{tenant['id']} relations", relations_page)
                print(f"    {tenant['name']} ({tenant['id']}): {len(relations)} relations")
                for r in relations:
                    arrow = "->" if r["direction"] == "OUTGOING" else "<-"
                    print(f"      {arrow} {r['type']} {r['other']['name']} ({r['other']['id']})")
                tenant_count += 1
                relation_count += len(relations)
        print(
            f"walked {len(parks)} parks, {tenant_count} tenants, "
            f"{relation_count} relations in {walk.requests} requests"
        )


if __name__ == "__main__":
    try:
        main()
    except TransportQueryError as error:
        sys.exit(f"the server answered with errors: {error}")
