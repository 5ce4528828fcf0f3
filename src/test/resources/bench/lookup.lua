-- GET <prefix><key> for keys read from a file (one hex digest per line; the suite writes 50% hits,
-- 50% misses). Each wrk thread starts at a different offset. Prints one JSON line when done.
local keys = {}
local position = 0
local prefix = ""

local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1]
  for line in io.lines(args[2]) do
    keys[#keys + 1] = line
  end
  position = (id or 1) * 7919 % #keys
end

function request()
  position = position % #keys + 1
  return wrk.format("GET", prefix .. keys[position])
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'JSON {"requests":%d,"errors":%d,"non2xx":%d,"seconds":%.3f,"p50":%d,"p99":%d,"p999":%d,"max":%d}\n',
    summary.requests, errors, summary.errors.status, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
