"""History rows written by an API client name it, and are recorded under the client's owner."""

from simple_history.models import HistoricalRecords

from core.http import api_client_reason


def attribute_to_api_client(sender, history_instance, **kwargs):
    """pre_create_historical_record: the request's token client, if any, signs the history row."""
    request = getattr(HistoricalRecords.context, "request", None)
    client = getattr(request, "api_client", None)
    if client is None:
        return
    history_instance.history_user_id = client.owner_id
    history_instance.history_change_reason = api_client_reason(client.pk, client.name)
