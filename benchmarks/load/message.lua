-- One Bot Framework message activity per request, expectReplies, as Web Chat would send it.
-- TEXT: the message; UNIQUE=1 appends a counter so every request is a question never seen before.
local text = os.getenv("TEXT") or "/role sre"
local unique = os.getenv("UNIQUE") == "1"
local counter = 0

local function body(t)
  return '{"type":"message","id":"' .. counter .. '","channelId":"webchat","serviceUrl":"http://127.0.0.1/",' ..
    '"from":{"id":"user-1","name":"Load"},"recipient":{"id":"bot","name":"RoleBot"},' ..
    '"conversation":{"id":"load-' .. counter .. '"},"deliveryMode":"expectReplies","text":"' .. t .. '"}'
end

request = function()
  counter = counter + 1
  local t = unique and (text .. " " .. counter .. " " .. math.random(1, 1000000)) or text
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body(t))
end

local errors = 0
response = function(status, headers, b)
  if status ~= 200 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("non-200 responses: %d (and socket errors above)\n", summary.errors.status))
end
