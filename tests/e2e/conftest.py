"""Fixtures of the browser journeys."""

import pytest


@pytest.fixture
def nieuwe_pagina(browser, live_server):
    """A fresh browser context (its own cookies) per user, as each would sit at his own computer."""
    contexten = []

    def _nieuw():
        context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", base_url=live_server.url,
                                      accept_downloads=True)
        context.set_default_timeout(15000)
        contexten.append(context)
        return context.new_page()

    yield _nieuw
    for context in contexten:
        context.close()
