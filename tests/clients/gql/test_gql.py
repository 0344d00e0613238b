"""Python gql (with its requests transport) against a running innograph server.

    python tests/clients/gql/test_gql.py http://127.0.0.1:PORT

The schema comes from introspection (fetch_schema_from_transport=True); gql
validates documents against it locally, so an invalid one never reaches the
server. Prints one line per check and "gql: N passed, N failed".
"""

import json
import sys
import traceback

from graphql import GraphQLError
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport

BASE = sys.argv[1] if len(sys.argv) > 1 else None
if not BASE:
    print("usage: python test_gql.py http://127.0.0.1:PORT", file=sys.stderr)
    sys.exit(2)
URL = f"{BASE}/graphql"

passed = 0
failed = 0


def check(name):
    def run(fn):
        global passed, failed
        try:
            fn()
            passed += 1
            print(f"ok - gql: {name}")
        except Exception as e:  # a failed check, whatever raised it
            failed += 1
            reason = str(e) if isinstance(e, AssertionError) else traceback.format_exc(limit=3)
            print(f"not ok - gql: {name}\n    " + reason.strip().replace("\n", "\n    "))
        return fn

    return run


client = Client(
    transport=RequestsHTTPTransport(url=URL, timeout=30),
    fetch_schema_from_transport=True,
)
session = client.connect_sync()
# Every request the transport sends, to tell local validation from the server's.
sent = []
client.transport.session.hooks["response"].append(lambda r, *a, **k: sent.append(r.request.body))


@check("the schema is fetched by introspection: Query.entity, Entity's implementations, enums")
def _():
    schema = client.schema
    assert schema is not None, "no schema after connecting"
    query = schema.query_type
    assert query is not None and "entity" in query.fields, "Query.entity missing from the introspected schema"
    entity = schema.get_type("Entity")
    implementations = {t.name for t in schema.get_possible_types(entity)}
    assert {"Company", "Region", "Park"} <= implementations, f"Entity's implementations: {implementations}"
    kinds = set(schema.get_type("EntityKind").values)
    assert "COMPANY" in kinds, f"EntityKind values: {kinds}"


VALID = """
query Company($id: ID!) {
  entity(id: $id) {
    __typename
    id
    name
    ... on Company { sector }
    relations(first: 3, types: [LOCATED_IN]) { totalCount edges { node { type other { id } } } }
  }
  stats { entities }
}
"""


@check("a valid document passes local validation")
def _():
    client.validate(gql(VALID))


@check("invalid documents are rejected locally, before any request")
def _():
    invalid = {
        "unknown field": "{ entity(id: \"company/apple\") { id nosuchfield } }",
        "missing selection": "{ entity(id: \"company/apple\") }",
        "unknown enum value": "{ entities(kinds: [SPACESHIP]) { totalCount } }",
        "missing required argument": "{ entity { id } }",
        "field on the interface that only Company has": "{ entity(id: \"company/apple\") { sector } }",
    }
    before = len(sent)
    for what, text in invalid.items():
        try:
            session.execute(gql(text))
        except GraphQLError as e:
            assert not isinstance(e, TransportQueryError), f"{what}: rejected by the server, not locally: {e}"
            continue
        raise AssertionError(f"{what}: not rejected: {text}")
    assert len(sent) == before, f"{len(sent) - before} invalid documents reached the server"


@check("a valid document executes against the server, with the answer the schema describes")
def _():
    stats = session.execute(gql("{ stats { entities } }"))["stats"]["entities"]
    before = len(sent)
    data = session.execute(gql(VALID), variable_values={"id": "company/apple"})
    assert len(sent) == before + 1, "the request was not sent"
    entity = data["entity"]
    assert entity["__typename"] == "Company" and entity["id"] == "company/apple", f"entity: {entity}"
    assert isinstance(entity["name"], str) and entity["name"], f"name: {entity}"
    assert isinstance(entity["relations"]["totalCount"], int), f"relations: {entity}"
    assert data["stats"]["entities"] == stats, f"stats: {data['stats']} vs {stats}"


@check('a failing field: TransportQueryError with data {"stats": ..., "entity": None}, NOT_FOUND at ["entity"]')
def _():
    query = gql('{ stats { entities } entity(id: "company/doesnotexist") { id name } }')
    try:
        result = session.execute(query, get_execution_result=True)
    except TransportQueryError as e:
        data, errors = e.data, e.errors
    else:
        raise AssertionError(f"no error raised; result {result}")
    answer = json.dumps({"data": data, "errors": errors})
    assert isinstance(data, dict) and "entity" in data, f"`entity` is left out of data: {answer}"
    assert data["entity"] is None, f"entity is not None: {answer}"
    assert isinstance((data.get("stats") or {}).get("entities"), int), f"stats not answered: {answer}"
    assert errors and len(errors) == 1, f"expected one error: {answer}"
    assert errors[0].get("path") == ["entity"], f"error path: {answer}"
    assert (errors[0].get("extensions") or {}).get("code") == "NOT_FOUND", f"error code: {answer}"


@check('a nested failing field: the null propagates to `entity` (relations is non-null), error at ["entity", "relations"]')
def _():
    query = gql('{ stats { entities } entity(id: "company/apple") { id relations(first: 2, after: "bad") { totalCount } } }')
    try:
        result = session.execute(query, get_execution_result=True)
    except TransportQueryError as e:
        data, errors = e.data, e.errors
    else:
        raise AssertionError(f"no error raised; result {result}")
    answer = json.dumps({"data": data, "errors": errors})
    assert isinstance(data, dict) and data.get("entity", "absent") is None, f"entity is not None: {answer}"
    assert errors and len(errors) == 1 and errors[0].get("path") == ["entity", "relations"], f"error path: {answer}"


client.close_sync()
print(f"gql: {passed} passed, {failed} failed")
sys.exit(0 if failed == 0 and passed > 0 else 1)
