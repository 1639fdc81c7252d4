"""Shared test set-up: Playwright on Debian's chromium, and browser tests ordered after the async ones."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get('CHROMIUM_PATH', '/usr/bin/chromium')


@pytest.fixture(scope='session')
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium instead of a Playwright download (which cannot be fetched here)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f'{CHROMIUM} is not installed: run `apt-get install --no-install-recommends chromium`')
    return {**browser_type_launch_args, 'executable_path': CHROMIUM}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Playwright's sync API keeps an event loop running from the first browser test on, which breaks any
    pytest-asyncio test after it: run every browser test last (stable sort)."""
    items.sort(key=lambda item: 'playwright' in getattr(item, 'fixturenames', ()))
