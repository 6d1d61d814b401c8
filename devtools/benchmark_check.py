"""`manage.py benchmark --check`: a page over its query budget, or a time regressed beyond a stored baseline."""

QUERY_BUDGET = 12  # queries per page (issue 15); the portal's uncached pages included
REGRESSION_RATIO = 1.5  # a time more than 1.5× the baseline's …
REGRESSION_FLOOR_MS = 25.0  # … and more than 25 ms slower (a 4 → 7 ms page is noise, not a regression)


def _queries(note: str) -> int | None:
    words = note.split()
    for i, word in enumerate(words[1:], start=1):
        if word.rstrip(",;") == "queries" and words[i - 1].isdigit():
            return int(words[i - 1])
    return None


def baseline_of(result: dict) -> dict:
    """What `--check` compares against: the run's scale and database, and each time in ms."""
    return {
        "database": result["database"],
        "scale": result["scale"],
        "ratio": REGRESSION_RATIO,
        "floor_ms": REGRESSION_FLOOR_MS,
        "query_budget": QUERY_BUDGET,
        "machine load": result.get("load before", ""),
        "figures": {
            f["name"]: f["value"]
            for f in result["figures"]
            if f["unit"] == "ms" and isinstance(f["value"], int | float)
        },
    }


def check(result: dict, baseline: dict) -> list[str]:
    """The failures: a page over its query budget (always), a time regressed beyond the ratio (only against a
    baseline of the same database and scale: other sizes give other times)."""
    budget = baseline.get("query_budget", QUERY_BUDGET)
    failures = []
    for f in result["figures"]:
        n = _queries(f.get("note") or "")
        if n is not None and n > budget:
            failures.append(f"{f['name']}: {n} queries (budget {budget})")
    if (baseline.get("database"), baseline.get("scale")) != (result["database"], result["scale"]):
        return failures
    ratio, floor = baseline.get("ratio", REGRESSION_RATIO), baseline.get("floor_ms", REGRESSION_FLOOR_MS)
    for f in result["figures"]:
        before = baseline["figures"].get(f["name"])
        now = f["value"]
        if before is None or not isinstance(now, int | float):
            continue
        if now > before * ratio and now - before > floor:
            failures.append(f"{f['name']}: {now:.1f} ms against {before:.1f} ms in the baseline (> {ratio}×)")
    return failures
