-- Each request carries the token of a citizen picked at random from TOKENS_FILE.
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do tokens[#tokens + 1] = line end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed)
end

function request()
  local token = tokens[math.random(#tokens)]
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token })
end
