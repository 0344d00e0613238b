-- wrk script for ../shared/peers/bench.sh (benches/http/peers.sh installs
-- it in place of the harness's bench.lua, in a copy): POSTs the request
-- body in $BODY_FILE and counts as a failure any non-200 answer and any 200
-- whose body has "errors" (printed as "failures: N").
--
-- With $ROTATE = 'TEXT=FILE;TEXT=FILE', every request replaces each JSON
-- string "TEXT" in the body with a random line of FILE (JSON string
-- contents): the same query text with different variables each time.
local template
local rotations = {}
local threads = {}

local function lines(path)
  local out = {}
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    if #line > 0 then out[#out + 1] = line end
  end
  f:close()
  return out
end

local function pattern(s)
  return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0"))
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
  template = f:read("*a")
  f:close()
  for pair in (os.getenv("ROTATE") or ""):gmatch("[^;]+") do
    local text, file = pair:match("^(.-)=(.+)$")
    local quoted = '"' .. text .. '"'
    if text and template:find(quoted, 1, true) then
      rotations[#rotations + 1] = { pattern(quoted), lines(file) }
    end
  end
  failures = 0
  math.randomseed(os.time() + math.random(1, 1000000))
  wrk.method = "POST"
  wrk.body = template
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function request()
  if #rotations == 0 then
    return wrk.format()
  end
  local body = template
  for _, r in ipairs(rotations) do
    local pick = r[2][math.random(1, #r[2])]
    body = body:gsub(r[1], function() return '"' .. pick .. '"' end)
  end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + (t:get("failures") or 0)
  end
  io.write(string.format("failures: %d\n", total))
end
