-- wrk script: POSTs one of three GraphQL queries (SCENARIO = path,
-- neighborhood or search) with random ids or search words, and counts as a
-- failure any non-200 answer and any 200 whose body has "errors".
local ids, words = {}, {}
local scenario = os.getenv("SCENARIO") or "path"
local dir = os.getenv("SAMPLES") or "."

local function lines(path)
  local out = {}
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    if #line > 0 then out[#out + 1] = line end
  end
  f:close()
  return out
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ids = lines(dir .. "/ids.txt")
  words = lines(dir .. "/words.txt")
  failures = 0
  math.randomseed(os.time() + math.random(1, 1000000))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/graphql-response+json"
end

local function pick(list)
  return list[math.random(1, #list)]
end

local function json_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

function request()
  local body
  if scenario == "path" then
    body = '{"query":"query($a: ID!, $b: ID!) { path(from: $a, to: $b) { path { length hops { relation { type sources { id } } } } reason } }","variables":{"a":'
      .. json_string(pick(ids)) .. ',"b":' .. json_string(pick(ids)) .. '}}'
  elseif scenario == "neighborhood" then
    body = '{"query":"query($id: ID!) { neighborhood(id: $id, depth: 2, limit: 500) { nodes { depth entity { id } } edges { type } truncated } }","variables":{"id":'
      .. json_string(pick(ids)) .. '}}'
  else
    body = '{"query":"query($q: String!) { search(query: $q, first: 10) { totalCount edges { score node { id name } } } }","variables":{"q":'
      .. json_string(pick(words)) .. '}}'
  end
  return wrk.format(nil, "/graphql", nil, body)
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
    "RESULT scenario=%s requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f failures=%d socket_errors=%d\n",
    scenario, summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    failed + summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
