#!/usr/bin/env python3
# gen-commodities.py N OUT - a commodities body of N auctions in the API's compact form,
# varied from the real records (apwc_commodities_us.json): ids ascending, item ids drawn
# from a skewed set of 8,000 items, prices spread around a per-item base. Deterministic.
import json, random, sys

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(2020)
items = [rnd.randint(2000, 215000) for _ in range(8000)]
base = {i: rnd.choice([100, 900, 8900, 108500, 1480000, 9000000]) for i in items}
names = ["SHORT", "MEDIUM", "LONG", "VERY_LONG"]
with open(out, "w") as f:
    f.write('{"_links":{"self":{"href":"https://us.api.blizzard.com/data/wow/auctions/'
            'commodities?namespace=dynamic-us"}},"auctions":[')
    aid = 814959956
    for k in range(n):
        item = items[min(int(rnd.paretovariate(1.2)) - 1, 7999)] if rnd.random() < 0.5 else rnd.choice(items)
        aid += rnd.randint(1, 40)
        rec = {"id": aid, "item": {"id": item}, "quantity": rnd.choice([1, 1, 2, 5, 20, 200, 1000]),
               "unit_price": base[item] + 100 * rnd.randint(0, base[item] // 500 + 1),
               "time_left": rnd.choice(names)}
        f.write(("," if k else "") + json.dumps(rec, separators=(",", ":")))
    f.write("]}")
