-- POST JSON bodies read from a file (one {"hashes": [...]} body per line) to one path.
local bodies = {}
local position = 0
local path = ""

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

function init(args)
  path = args[1]
  for line in io.lines(args[2]) do
    bodies[#bodies + 1] = line
  end
  position = (id or 1) % #bodies
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  position = position % #bodies + 1
  return wrk.format("POST", path, nil, bodies[position])
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'JSON {"requests":%d,"errors":%d,"non2xx":%d,"seconds":%.3f,"p50":%d,"p99":%d,"p999":%d,"max":%d}\n',
    summary.requests, errors, summary.errors.status, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
