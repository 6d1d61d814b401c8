"""The benchmark's `api` step: the API's cursor-paged lists for a province's and a national read client, the
public catalogue, and a province's national-sync export (JSON streamed, Excel) with their peak memory."""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from .benchmark import API_PAGES, API_UNTHROTTLED, Report, api_tokens, measure_page, peak_memory, request_host

if TYPE_CHECKING:
    from .benchmark_data import Dataset


def measure_api(data: Dataset, *, runs: int, report: Report) -> None:
    """The API's cursor-paged lists for a province's and a national read client (first page), the public
    catalogue, and the province's national-sync export: JSON (streamed) and Excel, with their peak memory.
    Rate limits are lifted for the run."""
    settings_ = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": API_UNTHROTTLED}
    with override_settings(REST_FRAMEWORK=settings_):
        tokens = dict(api_tokens(data))
        for role, token in tokens.items():
            client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
            for label, name, query in API_PAGES:
                measure_page(report, client, f"{label} ({role})", reverse(name) + query, runs)
        measure_page(report, Client(), "API public products", reverse("api:public_product_list"), runs)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens['province']}")
        kwargs = {"HTTP_HOST": request_host(), "secure": bool(getattr(settings, "SECURE_SSL_REDIRECT", False))}
        for label, name in [
            ("API sync export JSON", "api:sync_province"),
            ("API sync export Excel", "api:sync_province_xlsx"),
        ]:
            label = f"{label} (province)"
            url = reverse(name, args=[data.province_officer.unit_id])
            try:
                times, size, mem = [], 0, {}
                for _ in range(max(1, min(runs, 3))):
                    start = time.perf_counter()
                    size = _drained(client.get(url, **kwargs))
                    times.append((time.perf_counter() - start) * 1000)
                with peak_memory(mem):
                    _drained(client.get(url, **kwargs))
            except Exception as exc:  # noqa: BLE001 — a broken step is reported, the rest still runs
                report.add(label, None, "ms", f"error: {exc!r}"[:120])
                continue
            report.add(label, round(statistics.median(times), 1), "ms", f"{size / 1024:,.0f} KiB")
            report.add(f"{label} peak memory", round(mem["peak_mib"], 1), "MiB", "tracemalloc")


def _drained(response) -> int:
    """The size of a download, read chunk by chunk as a client does (a streamed body is never held whole)."""
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)
