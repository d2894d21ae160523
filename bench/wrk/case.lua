-- One benchmark case for wrk. Reads the case from the environment, which bench/run sets:
--   BENCH_COOKIE      Cookie header to send (empty: an anonymous browser)
--   BENCH_MODE=switch every request is a real switch of the 10-account browser: it alternates between
--                     the cookie with account A active posting a switch to B and the cookie with B active
--                     posting a switch to A (BENCH_SWITCH_COOKIE_A/_B, BENCH_SWITCH_TO_A/_B, BENCH_TOKEN_10).
-- done() prints one line that bench/run reads:
--   RESULT <requests> <seconds> <p50 µs> <p99 µs> <socket errors> <HTTP 4xx/5xx answers>

local mode = os.getenv("BENCH_MODE") or "get"
local cookie = os.getenv("BENCH_COOKIE") or ""
local requests = {}
local next_request = 1

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function switch_request(cookie_header, session_id)
  local body = "SessionId=" .. urlencode(session_id) .. "&ReturnUrl=%2F&__RequestVerificationToken="
    .. urlencode(os.getenv("BENCH_TOKEN_10"))
  return wrk.format("POST", "/accounts/switch", {
    ["Cookie"] = cookie_header,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function init(args)
  if mode == "switch" then
    requests[1] = switch_request(os.getenv("BENCH_SWITCH_COOKIE_A"), os.getenv("BENCH_SWITCH_TO_A"))
    requests[2] = switch_request(os.getenv("BENCH_SWITCH_COOKIE_B"), os.getenv("BENCH_SWITCH_TO_B"))
  else
    local headers = {}
    if cookie ~= "" then headers["Cookie"] = cookie end
    requests[1] = wrk.format("GET", wrk.path, headers)
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %.1f %.1f %d %d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
