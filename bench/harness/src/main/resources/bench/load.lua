-- wrk script for the benchmark's closed-loop runs (bench/run). Arguments after "--":
--   METHOD API_KEY BODY PATH [PATH ...]   (BODY "-" sends none)
-- Each wrk thread walks the path list round robin from its own random start, so requests spread
-- evenly over the sources. done() prints one line the harness parses (latencies in microseconds).
local method, key, body
local paths = {}
local n = 0

function init(args)
  method = args[1]
  key = args[2]
  body = args[3] ~= "-" and args[3] or nil
  for i = 4, #args do
    paths[#paths + 1] = args[i]
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  n = math.random(0, #paths - 1)
end

function request()
  n = n + 1
  local headers = { ["X-API-Key"] = key }
  if body then
    headers["Content-Type"] = "application/json"
  end
  return wrk.format(method, paths[(n % #paths) + 1], headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
