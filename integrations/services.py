"""Creating and revoking API clients."""

from integrations.models import ApiClient


def create_api_client(*, name: str, scope: str = ApiClient.Scope.READ) -> tuple[ApiClient, str]:
    """Return the saved client and its raw token, which is not stored anywhere."""
    client = ApiClient(name=name, scope=scope)
    raw = client.issue_token()
    client.save()
    return client, raw
