-- wrk: each request lists the first page of findings of one of the benchmark's releases, sorted by priority.
local releases = tonumber(os.getenv("RELEASES") or "100")
local token = os.getenv("TOKEN")
local counter = 0
request = function()
    counter = counter + 1
    local path = string.format("/api/v1/products/bench/releases/1.0.%d/findings?sort=priority&limit=100",
        counter % releases)
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
