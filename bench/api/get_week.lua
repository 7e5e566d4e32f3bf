-- wrk script: GET /v1/meetings for one week (2027-03-01 to 2027-03-08, +07:00), as the admin.
-- The "+" of the offset is sent as is: with the build measured, %2B was not decoded (400).
local token = os.getenv("BENCH_TOKEN") or "bench-admin-token-0123456789abcdefghij"
wrk.method = "GET"
wrk.path = "/v1/meetings?from=2027-03-01T00:00:00+07:00&to=2027-03-08T00:00:00+07:00&limit=50"
wrk.headers["Authorization"] = "Bearer " .. token

local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do total[code] = (total[code] or 0) + n end
  end
  local line = "STATUS"
  for code, n in pairs(total) do line = line .. " " .. code .. "=" .. n end
  print(line)
  print(string.format("RESULT kind=wrk_get rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f requests=%d errors=%d",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
