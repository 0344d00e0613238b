-- wrk script: floods hostile GraphQL documents (fragment fan-out, deep
-- nesting, alias and directive floods, fragment cycles, batches, wrong
-- content types). Every answer must be a 4xx; anything else is counted.
local function fan_out(levels, fan)
  local doc = "query { ...F0 } "
  for l = 0, levels - 1 do
    doc = doc .. "fragment F" .. l .. " on Query { " .. string.rep("...F" .. (l + 1) .. " ", fan) .. "} "
  end
  return doc .. "fragment F" .. levels .. " on Query { __typename }"
end
local function q(doc)
  return '{"query":"' .. doc .. '"}'
end
local aliases = {}
for i = 1, 200 do aliases[#aliases + 1] = "a" .. i .. ": __typename" end
local bodies = {
  { "application/json", q(fan_out(24, 2)) },
  { "application/json", q(fan_out(8, 16)) },
  { "application/json", q(string.rep("{ a ", 40) .. string.rep("}", 40)) },
  { "application/json", q("{ stats { " .. table.concat(aliases, " ") .. " } }") },
  { "application/json", q("{ __typename " .. string.rep("@include(if: true) ", 200) .. "}") },
  { "application/json", q("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }") },
  { "application/json", '[{"query":"{ __typename }"},{"query":"{ __typename }"}]' },
  { "text/plain", q("{ __typename }") },
}
local threads = {}
local n = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  unexpected = 0
  wrk.method = "POST"
  wrk.headers["Accept"] = "application/graphql-response+json"
end

function request()
  n = n + 1
  local b = bodies[(n % #bodies) + 1]
  return wrk.format(nil, "/graphql", { ["Content-Type"] = b[1] }, b[2])
end

function response(status, headers, body)
  if status < 400 or status >= 500 then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("unexpected") or 0)
  end
  io.write(string.format(
    "RESULT scenario=hostile requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f unexpected=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
