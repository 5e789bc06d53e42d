"""Property-based robustness of the JSON API (schemathesis against ``/api/openapi.json``): no input gives a 500.

Bounded for CI: at most ``MAX_EXAMPLES`` generated cases per operation, derandomized; run with ``-m slow``. Every
case is sent as the national administrator (the role that reaches furthest into each route), so the cases
exercise the routes and not only the 401 answer. Schemathesis's own pytest plugin is not used (it does not run
under this pytest); each operation's strategy is driven by Hypothesis directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.security.conftest import make_resources
from tests.web.conftest import build_site

MAX_EXAMPLES = 40


@pytest.mark.slow
def test_no_input_gives_a_server_error(tmp_path: Path) -> None:
    # imported here: collecting this module for the unit set would otherwise load schemathesis, whose modules pytest
    # rewrites (it is a pytest plugin) at every run
    import schemathesis

    site = build_site(tmp_path)
    headers = {"Authorization": f"Bearer {make_resources(site).tokens['admin']}"}
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", site.app)
    cases: dict[str, int] = {}
    errors: dict[str, str] = {}

    def runner(operation: Any) -> Any:
        label = operation.label

        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def send(case: Any) -> None:
            cases[label] = cases.get(label, 0) + 1
            try:
                status = case.call(headers=headers).status_code
            except Exception as exc:  # the test transport raises what the server would answer with 500
                status = 500
                errors.setdefault(label, f"{exc!r} {case.as_curl_command()}")
            if status >= 500:
                errors.setdefault(label, f"{status} {case.as_curl_command()}")

        return send

    for result in schema.get_all_operations():
        runner(result.ok())()
    site.register.engine.dispose()
    print(f"schemathesis: {sum(cases.values())} cases over {len(cases)} operations, {len(errors)} with a 5xx")
    assert len(cases) >= 15
    assert not errors, "\n".join(f"{label}: {error[:300]}" for label, error in errors.items())
