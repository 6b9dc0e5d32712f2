"""Only paths on this site are followed after signing in."""

import pytest

from quizapp.security import safe_next_url

HOSTILE = [
    "//evil.example/phish",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "evil.example",
    " //evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: x=1",
    "/my-learning\nLocation: //evil.example",
    "/%2Fevil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%09/evil.example",
    "/%0d%0aSet-Cookie:x",
    "/\x00",
    "/\x7f",
    "/\u2028/evil.example",
    "/\u3000/evil.example",
    "",
    None,
    "/" + "a" * 2001,
]


@pytest.mark.parametrize("target", HOSTILE)
def test_anything_a_browser_could_read_as_another_host_is_refused(target):
    assert safe_next_url(target) is None


@pytest.mark.parametrize(
    "target", ["/my-learning", "/my-learning?theme=thresholds", "/attempts/3/pages/reflect?change=1", "/a%20b"]
)
def test_paths_on_this_site_are_kept(target):
    assert safe_next_url(target) == target
