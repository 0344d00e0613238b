-- wrk script: a mix of legitimate GraphQL queries over the built-in data
-- (lookups with relations, search, neighbourhoods, paths), in turn. Any
-- non-200 answer or any 200 whose body has "errors" counts as a failure.
local queries = {
  '{"query":"{ entity(id: \\"region/yangpu\\") { name ... on Region { parks: relations(first: 20) { edges { node { type other { id name } } } } } } }"}',
  '{"query":"{ search(query: \\"Yangpu\\", first: 10) { totalCount edges { node { id name } } } }"}',
  '{"query":"{ neighborhood(id: \\"institution/tongji-university\\", depth: 2, limit: 200) { nodes { entity { id } } edges { type } truncated } }"}',
  '{"query":"{ path(from: \\"institution/tongji-university\\", to: \\"park/hongqiao-smart-valley\\") { path { length hops { relation { type sources { id } } } } reason } }"}',
  '{"query":"{ path(from: \\"company/mantis-vision\\", to: \\"company/sensetime\\") { path { length } reason } }"}',
  '{"query":"{ rankings(by: DEGREE, first: 10) { entity { id name } score } }"}',
}
local threads = {}
local n = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  failures = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/graphql-response+json"
end

function request()
  n = n + 1
  return wrk.format(nil, "/graphql", nil, queries[(n % #queries) + 1])
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do
    failed = failed + (t:get("failures") or 0)
  end
  io.write(string.format(
    "RESULT scenario=mixed requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f failures=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    failed + summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
