"""Schemathesis in GraphQL mode against a running server.

    INNOGRAPH_URL=http://127.0.0.1:PORT/graphql python -m pytest tests/conformance/test_schemathesis.py

Generates queries for every root field from the schema (introspection) and
sends them: no answer may be a 5xx, every answer must be JSON, and every
error must carry an `extensions.code` and no internal detail. Errors with
a path (for example NOT_FOUND for an unknown id) are part of the API's
design, so schemathesis' own "resolver failure" check is not used.
"""

import os

import schemathesis
from hypothesis import HealthCheck, settings

URL = os.environ.get("INNOGRAPH_URL", "http://127.0.0.1:8080/graphql")
EXAMPLES = int(os.environ.get("INNOGRAPH_EXAMPLES", "200"))

schema = schemathesis.graphql.from_url(URL)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_root_fields(case):
    response = case.call()
    assert response.status_code < 500, response.text
    body = response.json()
    for error in body.get("errors", []):
        code = error.get("extensions", {}).get("code")
        assert code, f"error without a code: {error}"
        message = error.get("message", "")
        assert "panicked" not in message and "src/" not in message, message
