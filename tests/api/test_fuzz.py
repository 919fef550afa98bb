"""Schema-driven fuzzing (schemathesis) against the live server: never a 5xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from integrations.models import ApiClient
from integrations.services import create_api_client
from tests.factories import DutyFactory, ReportingLineFactory, UnitFactory, WorkflowStepFactory


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_generated_requests_from_the_schema_never_get_a_server_error(live_server, client):
    unit = UnitFactory(name="总部")
    line = ReportingLineFactory(subordinate__unit=unit, superior__unit=unit)
    DutyFactory(position=line.subordinate, text="处理顾客投诉")
    WorkflowStepFactory()
    _, token = create_api_client(name="fuzz", scope=ApiClient.Scope.READ_WRITE)
    headers = {"Authorization": f"Bearer {token}"}
    raw = client.get("/api/schema/", {"format": "json"}, HTTP_AUTHORIZATION=headers["Authorization"]).json()
    schema = schemathesis.openapi.from_dict(raw)
    calls, server_errors = [], []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(base_url=live_server.url, headers=headers)
            calls.append(response.status_code)
            if response.status_code >= 500:
                server_errors.append((case.method, case.formatted_path, response.status_code))

        run()
    print(f"schemathesis: {len(calls)} requests, {len(server_errors)} server errors")
    assert len(calls) > 50
    assert server_errors == []
