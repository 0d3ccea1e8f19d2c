-- Replays a request mix for wrk: one request per line of the file given after "--", as
--   path<TAB>header name<TAB>header value
-- (the session cookie for the portal, the Accept header for the PACS). Every thread starts at its own place in the
-- list and walks it round; wrk keeps -c connections busy, so at any moment -c requests of different sessions are in
-- flight. At the end one line "RESULT key=value ..." per thread-summary is printed for LoadTestIT to read.

local requests = {}
local position = 0

function setup(thread)
  thread:set("thread_number", math.random(1, 1000000))
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local path, name, value = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
    if path then
      local headers = {}
      headers[name] = value
      requests[#requests + 1] = wrk.format("GET", path, headers)
    end
  end
  file:close()
  position = (thread_number or 1) % #requests
end

function request()
  position = position + 1
  if position > #requests then
    position = 1
  end
  return requests[position]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "p50_us=%d p95_us=%d p99_us=%d mean_us=%.0f max_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, latency.max))
end
