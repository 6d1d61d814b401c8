"""Every named route of the URL resolver, with the names of its parameters."""

from django.urls import URLPattern, URLResolver, get_resolver

# Django's admin has its own permission system (is_staff, model permissions) and ~100 generated routes;
# the matrix checks its entrance only.
SKIPPED_NAMESPACES = {"admin"}
KEPT_FROM_SKIPPED = {"admin:index"}


def named_routes() -> dict[str, list[str]]:
    """{"app:name": [parameter names]} for every named route (namespaces joined with ":")."""
    found: dict[str, list[str]] = {}

    def walk(patterns, namespace: str, params: list[str]) -> None:
        for entry in patterns:
            here = params + list(entry.pattern.converters) if hasattr(entry.pattern, "converters") else params
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace, here)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}{entry.name}"
                top = name.split(":", 1)[0] if ":" in name else ""
                if top in SKIPPED_NAMESPACES and name not in KEPT_FROM_SKIPPED:
                    continue
                found.setdefault(name, here)

    walk(get_resolver().url_patterns, "", [])
    return found
