-- wrk script: POST /api/v1/versions with a unique definition each time (the YAML in
-- $ICS_LOAD_BODY plus a comment naming the thread and a counter), authenticated by the
-- API token in $ICS_LOAD_TOKEN.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local body, token, counter
function init(args)
  local f = assert(io.open(os.getenv("ICS_LOAD_BODY"), "rb"))
  body = f:read("*a")
  f:close()
  token = os.getenv("ICS_LOAD_TOKEN")
  counter = 0
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/versions",
                    {["Content-Type"] = "text/yaml", ["Authorization"] = "Bearer " .. token},
                    body .. "\n# load " .. tostring(tid) .. "-" .. counter .. "-" .. tostring(os.time()) .. "\n")
end
