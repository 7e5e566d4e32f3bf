-- wrk script: POST /v1/meetings, each request a distinct slot so that most succeed.
-- Request g of thread t (g = n * threads + t) uses slot s = g / 100 and, inside it, halls
-- 2j+1 (host) and 2j+2 (invited) with j = g % 100, so the 100 bookings of a slot use all
-- 200 halls once. Slots are 13:30-14:30 and 15:00-16:00 on each day of 2027 (never the
-- 08:00-10:00 slots of the preloaded meetings); after 73,000 requests they wrap (409s).
-- Type "other" (outside Decision 45's length and lead-time rules). Args: -- <threads>
local token = os.getenv("BENCH_TOKEN") or "bench-admin-token-0123456789abcdefghij"
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function init(args)
  nthreads = tonumber(args[1] or "2")
  n = 0
  statuses = {}
end
function request()
  local g = n * nthreads + tid
  n = n + 1
  local s = math.floor(g / 100) % 730
  local j = g % 100
  local day = os.date("%Y-%m-%d", os.time{year = 2027, month = 1, day = 1 + math.floor(s / 2), hour = 12})
  local from, to = "13:30", "14:30"
  if s % 2 == 1 then from, to = "15:00", "16:00" end
  local body = string.format(
    '{"title":"Họp tải %d","type":"other","organiser_org_id":1,' ..
    '"chair":{"name":"Chủ trì %d","position":"Giám đốc"},"host_room_id":%d,"room_ids":[%d],' ..
    '"start":"%sT%s:00+07:00","end":"%sT%s:00+07:00"}',
    g, g, 2 * j + 1, 2 * j + 2, day, from, day, to)
  return wrk.format("POST", "/v1/meetings",
    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for code, c in pairs(t:get("statuses")) do total[code] = (total[code] or 0) + c end
  end
  local line = "STATUS"
  for code, c in pairs(total) do line = line .. " " .. code .. "=" .. c end
  print(line)
  print(string.format("RESULT kind=wrk_post rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f requests=%d s201=%d s409=%d",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, summary.requests, total[201] or 0, total[409] or 0))
end
