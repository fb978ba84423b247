"""The democracy app has no pages or endpoints of its own beyond the generic record ones
(covered for every record type by core's scoping tests); its union-page panel is tested in
test_metrics_advice.py."""

URL_CASES: list[str] = []
API_CASES: list[tuple[str, str]] = []
