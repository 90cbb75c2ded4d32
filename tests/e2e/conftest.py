from __future__ import annotations

import pytest

from server import migrate
from server.app import create_app
from tests.conftest import ROOT, chromium_path, make_config
from tests.factories import build_council

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium not found: install it (apt-get install chromium) to run the browser tests")
    if not (ROOT / "client" / "dist" / "index.html").exists():
        pytest.skip("the client is not built: run `make build` (make test does)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def site(tmp_path, server_factory):
    """A real server with two councils: (base url, council A's data, the server process)."""
    cfg = make_config(tmp_path)
    migrate.upgrade(cfg.database_url)
    app = create_app(cfg)
    a = build_council(app, "a", name="HĐND xã Thử Nghiệm")
    build_council(app, "b", name="HĐND xã Bên Kia")
    srv = server_factory()
    return srv.url, a, srv


@pytest.fixture
def login_page(browser, site):
    contexts = []

    def make(username: str, viewport=(1280, 800), base: str | None = None):
        from tests.factories import PASSWORD
        ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(ctx)
        page = ctx.new_page()
        page.goto((base or site[0]) + "/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("[data-testid=whoami], [data-testid=hall]")  # the hall display has no menu
        return page

    yield make
    for ctx in contexts:
        ctx.close()
