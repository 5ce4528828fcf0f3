-- The soak's lookup mix (issue 17, goal 6): requests read from a file, one per line, as
-- "GET <path>" or "POST <path> <JSON body>", cycled through in order (the suite writes the mix:
-- single file, URL and IP lookups, bulk file and bulk URL lookups). Each wrk thread starts at a
-- different offset. Every response's status is counted, so the report can say which non-2xx
-- answers there were, not only how many. Prints one JSON line when done.
local requests = {}
local position = 0
statuses = {}

local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^(%u+) (%S+) ?(.*)$")
    if body == "" then
      body = nil
    end
    requests[#requests + 1] = wrk.format(method, path, body and {["Content-Type"] = "application/json"} or nil, body)
  end
  position = (id or 1) * 7919 % #requests
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(counts) do
    parts[#parts + 1] = string.format('"%d":%d', status, count)
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'JSON {"requests":%d,"errors":%d,"non2xx":%d,"seconds":%.3f,"p50":%d,"p99":%d,"p999":%d,"max":%d,"statuses":{%s}}\n',
    summary.requests, errors, summary.errors.status, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max,
    table.concat(parts, ",")))
end
