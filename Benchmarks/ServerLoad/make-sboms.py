#!/usr/bin/env python3
"""Writes COUNT CycloneDX 1.6 SBOMs of SIZE components each for the server load benchmark.

The components are real products and versions: exact-version application CPEs taken from NVD 2.0 year feeds
(gzip), so the releases have real findings. Each release swaps a different tenth of its components for others,
as successive firmware releases do. Usage: make-sboms.py FEED_DIR OUT_DIR COUNT SIZE
"""
import gzip, json, os, sys

feeds, out, count, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
seen, pool = set(), []
for name in sorted(os.listdir(feeds)):
    if not name.endswith(".json.gz"):
        continue
    with gzip.open(os.path.join(feeds, name)) as handle:
        for item in json.load(handle).get("vulnerabilities", []):
            for configuration in item["cve"].get("configurations", []):
                for node in configuration.get("nodes", []):
                    for match in node.get("cpeMatch", []):
                        parts = match["criteria"].split(":")
                        if parts[2] != "a" or parts[5] in ("*", "-", ""):
                            continue
                        key = (parts[3], parts[4])
                        if key in seen:
                            continue
                        seen.add(key)
                        pool.append(parts)
    if len(pool) >= size * 2:
        break
if len(pool) < size * 2:
    sys.exit(f"only {len(pool)} distinct products in {feeds}; need {size * 2}")
os.makedirs(out, exist_ok=True)
for release in range(count):
    offset = (release * size // 10) % len(pool)
    chosen = [pool[(offset + index) % len(pool)] for index in range(size)]
    components = [
        {"type": "library", "bom-ref": f"c{index}", "name": parts[4], "version": parts[5],
         "cpe": ":".join(parts[:6] + ["*"] * 7)}
        for index, parts in enumerate(chosen)
    ]
    document = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1, "components": components}
    with open(os.path.join(out, f"release-{release}.cdx.json"), "w") as handle:
        json.dump(document, handle)
