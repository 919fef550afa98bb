"""Creating and revoking API clients."""

from integrations.models import ApiClient


def create_api_client(
    *, name: str, scope: str = ApiClient.Scope.READ, rate: str = "", owner=None
) -> tuple[ApiClient, str]:
    """Return the saved client and its raw token, which is not stored anywhere.

    An invalid ``rate`` raises ValidationError before anything is written.
    """
    client = ApiClient(name=name, scope=scope, rate=rate, owner=owner)
    raw = client.issue_token()
    client.full_clean()
    client.save()
    return client, raw


def rotate_api_client_token(client: ApiClient) -> str:
    """Issue ``client`` a new token; the old one keeps working for ROTATION_GRACE. Returns the new one."""
    return client.rotate_token()
