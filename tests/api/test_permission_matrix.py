"""Who may do what on every API endpoint.

The endpoint list comes from the OpenAPI schema drf-spectacular generates, so an endpoint added later is in
the matrix without touching this file. Each endpoint x actor is one test:

- anonymous callers get 401 everywhere;
- every authenticated caller reads (200);
- writes are refused (403) for managers and read-only tokens and get past the permission check (any
  answer but 401/403: done, a field error, a refused rule, a missing or stale If-Match) for HR editors
  and read-write tokens;
- nothing answers 5xx, and no caller without ``roles.view_personal_data`` ever sees an incumbent's name.
"""

import json
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator

from analysis.models import MatchDecision
from integrations.models import ApiClient
from integrations.services import create_api_client
from jobdescriptions.models import JobDescriptionVersion
from jobdescriptions.snapshots import snapshot
from tests.factories import (
    DutyFactory,
    IncumbentFactory,
    PositionFactory,
    ReportingLineFactory,
    UnitFactory,
    WorkflowFactory,
    WorkflowStepFactory,
)

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1/"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
INCUMBENT_NAME = "欧阳保密"
# Past the permission check: done, or refused for a reason that is not who the caller is.
ALLOWED_WRITE = {200, 201, 202, 204, 400, 409, 412, 428}


def schema_operations() -> list[tuple[str, str, str]]:
    """(method, schema path, query string) for every operation under /api/v1/.

    A read with an enum query parameter (``?as=csv``) is also tried with each value, since a different
    representation is a different way to leak data.
    """
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, methods in schema["paths"].items():
        if not path.startswith(PREFIX):
            continue
        for method, operation in methods.items():
            method = method.upper()
            operations.append((method, path, ""))
            if method != "GET":
                continue
            for parameter in operation.get("parameters", []):
                values = parameter.get("schema", {}).get("enum") or []
                if parameter["in"] == "query":
                    operations += [(method, path, f"?{parameter['name']}={v}") for v in values]
    return operations


OPERATIONS = schema_operations()
ACTORS = ["anonymous", "manager", "hr_editor", "read_token", "read_write_token"]
# No API client, and no manager, holds roles.view_personal_data.
WITHOUT_PERSONAL_DATA = {"anonymous", "manager", "read_token", "read_write_token"}


def test_the_schema_lists_every_route_of_the_urlconf_under_api_v1():
    """Otherwise an endpoint left out of the schema would also be left out of the matrix."""
    routes = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            regex = prefix + str(pattern.pattern).lstrip("^")
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, regex)
            elif "format>" not in regex:  # the ".json" suffix variants
                routes.add(regex)

    walk(get_resolver().url_patterns, "/")
    api_routes = {
        re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route.rstrip("$")).replace("{pk}", "{id}")
        for route in routes
        if route.startswith(PREFIX)
    }
    api_routes.discard(PREFIX)  # the browsable index of the router, not an endpoint
    schema_paths = {path for _, path, _ in OPERATIONS}

    assert api_routes - schema_paths == set()
    assert len(schema_paths) >= 10


@pytest.fixture(autouse=True)
def empty_throttle_history():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    """A small organisation with one object of each kind the API serves."""
    group = UnitFactory(name="集团", kind="organisation")
    department = UnitFactory(name="人力资源部", parent=group)
    head = PositionFactory(unit=group, title="总经理")
    assistant = PositionFactory(unit=group, title="总经理助理")
    staff = PositionFactory(unit=department, title="招聘专员")
    line = ReportingLineFactory(subordinate=staff, superior=head)
    duty = DutyFactory(position=staff, text="组织招聘面试")
    workflow = WorkflowFactory(name="招聘流程", owner_unit=department)
    WorkflowStepFactory(workflow=workflow, text="提交用人申请")
    IncumbentFactory(position=staff, name=INCUMBENT_NAME)
    IncumbentFactory(position=head, name=INCUMBENT_NAME + "二")
    function = DutyFactory(position=None, unit=department, text="负责招聘")
    verdict = MatchDecision.objects.create(function=function, duty=duty, verdict="confirmed")
    published = JobDescriptionVersion.objects.create(
        position=staff, number=1, state="published", snapshot=snapshot(staff), effective_date="2026-01-01"
    )
    return SimpleNamespace(
        group=group,
        department=department,
        head=head,
        assistant=assistant,
        staff=staff,
        by_model={type(obj): obj for obj in (department, staff, line, duty, workflow, verdict, published)},
    )


def unit_body(w):
    return {"name": "培训部", "kind": "department", "parent": w.group.pk}


def unit_update_body(w):
    return {"name": "培训部", "kind": "department"}  # a move is its own endpoint


def position_body(w):
    return {"unit": w.department.pk, "title": "培训专员", "summary": "负责员工培训。"}


def line_body(w):
    return {"subordinate": w.assistant.pk, "superior": w.head.pk, "kind": "dotted"}


def duty_body(w):
    return {"position": w.staff.pk, "kind": "responsibility", "text": "组织新员工培训"}


def workflow_body(w):
    return {"name": "培训流程", "owner_unit": w.department.pk, "steps": ["提交培训申请", "部门审批"]}


# Valid bodies for the writes known today, so HR editors and read-write tokens are seen to succeed (2xx).
# A write not listed here is sent ``{}`` and only has to get past the permission check.
VALID_BODIES = {
    f"{PREFIX}units/": unit_body,
    f"{PREFIX}units/{{id}}/": unit_update_body,
    f"{PREFIX}units/{{id}}/move/": lambda w: {"parent": None, "index": 0},
    f"{PREFIX}positions/": position_body,
    f"{PREFIX}positions/{{id}}/": position_body,
    f"{PREFIX}reporting-lines/": line_body,
    f"{PREFIX}reporting-lines/{{id}}/": line_body,
    f"{PREFIX}duties/": duty_body,
    f"{PREFIX}duties/{{id}}/": duty_body,
    f"{PREFIX}workflows/": workflow_body,
    f"{PREFIX}workflows/{{id}}/": workflow_body,
}


# Path parameters other than {id}: a position's versions are addressed by the position and a key.
OTHER_PARAMETERS = {"{position_id}": lambda w: w.staff.pk, "{key}": lambda w: "1"}

# The review workflow is a person's decision: submitting needs an HR editor signed in, approving and
# returning a reviewer (审批人), whom no actor here is; tokens stand for no person.
PERSONS_ONLY = {
    f"{PREFIX}positions/{{position_id}}/versions/submit/": {"hr_editor"},
    f"{PREFIX}positions/{{position_id}}/versions/{{key}}/approve/": set(),
    f"{PREFIX}positions/{{position_id}}/versions/{{key}}/return/": set(),
}


def object_for(path: str, world):
    """The object whose id fills ``{id}``, chosen by the model of the viewset serving the path."""
    view = resolve(path.replace("{id}", "1")).func
    viewset = getattr(view, "cls", None)
    model = getattr(getattr(viewset, "queryset", None), "model", None) or getattr(
        viewset, "write_model", None
    )
    assert model is not None, f"cannot tell which object {path} needs; give its viewset a queryset"
    obj = world.by_model.get(model) or model.objects.order_by("-pk").first()
    assert obj is not None, f"no {model.__name__} to put in {path}; add one to the world fixture"
    return obj


def authenticate(actor: str, client, request) -> dict:
    """Log the test client in as the actor; return the headers its requests carry."""
    if actor in ("manager", "hr_editor"):
        client.force_login(request.getfixturevalue(actor))
    elif actor in ("read_token", "read_write_token"):
        scope = ApiClient.Scope.READ if actor == "read_token" else ApiClient.Scope.READ_WRITE
        _, raw = create_api_client(name=actor, scope=scope)
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    return {}


def call(client, method: str, url: str, headers: dict, body=None):
    if method in WRITES:
        payload = json.dumps(body or {})
        return client.generic(method, url, payload, content_type="application/json", **headers)
    return client.generic(method, url, **headers)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "path", "query"), OPERATIONS, ids=lambda v: v or None)
def test_permission_matrix(client, request, world, actor, method, path, query):
    headers = authenticate(actor, client, request)
    url = path
    for parameter, value in OTHER_PARAMETERS.items():
        url = url.replace(parameter, str(value(world)))
    if "{id}" in path:
        pk = object_for(path, world).pk
        url = path.replace("{id}", str(pk))
        if method in WRITES:
            # The ETag of the record as this caller reads it, so a write can get past If-Match.
            detail = f"{path[: path.index('{id}')]}{pk}/"
            etag = client.get(detail, **headers).headers.get("ETag")
            if etag:
                headers = headers | {"HTTP_IF_MATCH": etag}

    make_body = VALID_BODIES.get(path) if method in ("POST", "PUT", "PATCH") else None
    response = call(client, method, url + query, headers, make_body and make_body(world))

    code, body = response.status_code, response.content.decode(errors="replace")
    assert code < 500, body[:500]
    if actor == "anonymous":
        assert code == 401, body[:500]
    elif method not in WRITES:
        assert code == 200, body[:500]
    elif actor in ("manager", "read_token") or actor not in PERSONS_ONLY.get(path, {actor}):
        assert code == 403, body[:500]
    elif make_body:
        assert code in (200, 201), body[:500]
    else:
        assert code in ALLOWED_WRITE, body[:500]
    if actor in WITHOUT_PERSONAL_DATA:
        assert INCUMBENT_NAME not in body


@pytest.mark.parametrize("actor", ["manager", "read_token", "read_write_token"])
def test_searching_positions_by_an_incumbents_name_reveals_nothing(client, request, world, actor):
    """Not even that someone of that name holds a position: search covers titles and summaries only."""
    headers = authenticate(actor, client, request)
    response = client.get(f"{PREFIX}positions/", {"q": INCUMBENT_NAME}, **headers)
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert INCUMBENT_NAME not in response.content.decode()
