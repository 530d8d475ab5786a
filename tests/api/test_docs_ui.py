"""/docs and /redoc work without internet: every asset they load is served by the app itself, from the installed
fastapi-offline package (no CDN, no copies of its files in this repository)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib import resources

import pytest

from tests.support.api import Api

CONTENT_TYPES = {
    ".css": {"text/css"},
    ".js": {"text/javascript", "application/javascript"},
    ".png": {"image/png"},
    ".json": {"application/json"},
}
# URLs the pages' inline scripts and elements name besides src/href: Swagger UI's `url: '...'`, ReDoc's spec-url.
INLINE_URL = re.compile(r"""\burl:\s*'([^']+)'""")


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href", "spec-url") and value]


def _urls(page: str) -> list[str]:
    parser = _Urls()
    parser.feed(page)
    return parser.urls + INLINE_URL.findall(page)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_page_loads_only_assets_the_app_serves_itself(api_ro: Api, page: str) -> None:
    response = api_ro.client.get(page)
    assert (response.status_code, response.headers["content-type"]) == (200, "text/html; charset=utf-8")
    assert "http://" not in response.text
    assert "https://" not in response.text
    urls = _urls(response.text)
    assert "/openapi.json" in urls
    assert any(url.endswith(".js") for url in urls)
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = api_ro.client.get(url)
        suffix = url[url.rfind(".") :]
        media_type = asset.headers["content-type"].split(";")[0]
        assert (asset.status_code, media_type in CONTENT_TYPES[suffix]) == (200, True), (url, media_type)
        assert len(asset.content) > 0


def test_the_assets_are_the_installed_packages_own_files(api_ro: Api) -> None:
    static = resources.files("fastapi_offline") / "static"
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png"):
        assert api_ro.client.get(f"/docs/assets/{name}").content == (static / name).read_bytes(), name
