import pytest


@pytest.fixture
def editor(client, hr_editor):
    """A browser session of an HR editor."""
    client.force_login(hr_editor)
    return client
