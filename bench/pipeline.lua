-- HTTP/1.1 pipelining for wrk: every write carries DEPTH identical GET requests back to back, and the
-- next write goes out once all DEPTH responses have arrived. wrk counts the requests in the string
-- that request() returns, so requests/s counts single requests, not batches.
--
--   wrk -t2 -c64 -d10s -s bench/pipeline.lua http://127.0.0.1:8080/ -- 16
--
-- The argument after "--" is DEPTH (default 16). Headers given to wrk with -H go into every request.

local batch

function init(args)
  local depth = tonumber(args[1] or "16")
  if depth == nil or depth < 1 or depth % 1 ~= 0 then
    error("pipeline depth must be a positive integer, got: " .. tostring(args[1]))
  end
  -- wrk.format(nil, nil) renders one request with wrk's method, path and headers (including Host).
  batch = string.rep(wrk.format(nil, nil), depth)
end

function request()
  return batch
end
