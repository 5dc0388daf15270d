-- wrk script for POST /feedback: every request is a valid feedback_v1 label for a transaction id
-- never sent before (run id, wrk thread, counter), so each one is a real publish (acks=all), not a
-- duplicate answered from the API's memory of recent labels.
--
--   FRAUD_API_KEY=... wrk -t2 -c64 -d30s --latency -s feedback.lua http://localhost:8000/feedback
--
-- Environment: FRAUD_API_KEY (required), FEEDBACK_RUN (the id prefix; default: the start time).
-- done() prints the count of every status seen, of non-202 answers and of socket errors: a run of
-- 401s or 503s, or against a server that went away, measures nothing, so infra/bench/feedback-wrk.sh
-- fails unless both counts are 0.

local threads = {}
local next_id = 1

function setup(thread)
    thread:set("tid", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    local key = os.getenv("FRAUD_API_KEY")
    if key == nil or key == "" then
        error("set FRAUD_API_KEY to the API key (./fraud up prints it)")
    end
    run = os.getenv("FEEDBACK_RUN") or tostring(os.time())
    headers = { ["Content-Type"] = "application/json", ["X-API-Key"] = key }
    prefix = '{"transactionId":"wrk-' .. run .. '-' .. tid .. '-'
    analyst = '","analystId":"wrk-analyst-' .. tid .. '"'
    sent = 0
    statuses = {}
    not_accepted = 0
end

function request()
    sent = sent + 1
    local label = (sent % 10 == 0) and "FRAUD" or "LEGIT"
    local body = prefix .. sent .. '","label":"' .. label .. analyst .. ',"note":"wrk"}'
    return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status ~= 202 then
        not_accepted = not_accepted + 1
    end
end

function done(summary, latency, requests)
    local all = {}
    local bad = 0
    for _, t in ipairs(threads) do
        for status, n in pairs(t:get("statuses")) do
            all[status] = (all[status] or 0) + n
        end
        bad = bad + t:get("not_accepted")
    end
    local line = "statuses:"
    for status, n in pairs(all) do
        line = line .. " " .. status .. "=" .. n
    end
    io.write(line .. "\n")
    io.write(string.format("not_202: %d\n", bad))
    local e = summary.errors
    io.write(string.format("socket_errors: %d (connect %d, read %d, write %d, timeout %d)\n",
        e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout))
    io.write(string.format("p50_ms %.2f p90_ms %.2f p99_ms %.2f max_ms %.2f\n",
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency.max / 1000))
    io.write(string.format("requests_per_s %.0f\n", summary.requests / (summary.duration / 1e6)))
end
