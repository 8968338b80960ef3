-- wrk script for bench/http_load.sh: rotates GET requests over the queries of a
-- queries.tsv (qid<TAB>text). Arguments after "--": MODE FILE, where MODE is
--   search   /search?q=<query>
--   suggest  /suggest?q=<prefix of the query: its first words, the last one cut to 2-7 bytes>
--   similar  /similar?text=<query>
local mode, file = "search", nil
local queries = {}
local counter = 0

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- Cuts s to at most n bytes without splitting a UTF-8 sequence.
local function cut(s, n)
  if #s <= n then return s end
  while n > 0 and s:byte(n + 1) >= 0x80 and s:byte(n + 1) < 0xC0 do n = n - 1 end
  return s:sub(1, n)
end

local function as_typed(q, i)
  local words = {}
  for w in q:gmatch("%S+") do words[#words + 1] = w end
  if #words == 0 then return q end
  local keep = 1 + (i % math.min(#words, 2))       -- one or two words
  local last = cut(words[keep], 2 + (i % 6))        -- the word being typed
  local head = table.concat(words, " ", 1, keep - 1)
  if head ~= "" then return head .. " " .. last end
  return last
end

function init(args)
  mode = args[1] or "search"
  file = args[2]
  local i = 0
  for line in io.lines(file) do
    local text = line:match("^[^\t]*\t(.*)$")
    if text and #text > 0 then
      i = i + 1
      if mode == "suggest" then text = as_typed(text, i) end
      queries[#queries + 1] = urlencode(text)
    end
  end
  -- Threads start at different places so they do not ask the same thing.
  counter = math.random(#queries)
end

function request()
  counter = counter % #queries + 1
  local q = queries[counter]
  if mode == "suggest" then
    return wrk.format("GET", "/suggest?q=" .. q)
  elseif mode == "similar" then
    return wrk.format("GET", "/similar?text=" .. q)
  end
  return wrk.format("GET", "/search?q=" .. q)
end

local non200 = 0
function response(status, headers, body)
  if status ~= 200 and status ~= 400 then non200 = non200 + 1 end
end
