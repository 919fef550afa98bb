"""Page query counts stay the same when the organisation grows tenfold."""

import pytest
from django.urls import reverse

from orgchart import services as tree
from roles.models import Position, ReportingLine

pytestmark = pytest.mark.django_db


def build_org(scale: int):
    """``scale`` organisations; the first has 3×scale centres, each with two departments.

    Every unit holds two positions; in each unit the second reports to the first (solid),
    and to the first organisation's head (dotted).
    """
    units = []
    first_centre = None
    for r in range(scale):
        root = tree.create_unit(name=f"集团{r}", kind="organisation")
        units.append(root)
        for c in range(3 * scale if r == 0 else 3):
            centre = tree.create_unit(name=f"中心{r}-{c}", kind="centre", parent=root)
            units.append(centre)
            first_centre = first_centre or centre
            for d in range(2):
                units.append(tree.create_unit(name=f"部门{r}-{c}-{d}", parent=centre))
    positions = Position.objects.bulk_create(
        Position(unit=unit, title=f"{unit.name}岗位{i}") for unit in units for i in range(2)
    )
    head = positions[0]
    lines = []
    for first, second in zip(positions[::2], positions[1::2], strict=True):
        lines.append(ReportingLine(subordinate=second, superior=first, kind="solid"))
        if second.pk != head.pk and first.pk != head.pk:
            lines.append(ReportingLine(subordinate=second, superior=head, kind="dotted"))
    ReportingLine.objects.bulk_create(lines)
    return {"root": units[0], "centre": first_centre, "leaf": units[-1], "count": len(units)}


@pytest.fixture
def logged_in(client, hr_editor):
    client.force_login(hr_editor)
    return client


# (url, query bound): session, user, permissions, then the page's own fixed queries.
PAGES = {
    "tree": (lambda o: reverse("orgchart:tree"), 5),
    "tree opened deep": (lambda o: reverse("orgchart:tree") + f"?open={o['leaf'].pk}", 8),
    # Search: hits, their paths, then the tree in context (units, positions) and the documents.
    "tree with search": (lambda o: reverse("orgchart:tree") + "?q=部门", 10),
    "children": (lambda o: reverse("orgchart:children", args=[o["root"].pk]), 7),
    "unit": (lambda o: reverse("orgchart:unit", args=[o["root"].pk]), 10),  # + the workflows of the subtree
    "chart page": (lambda o: reverse("orgchart:chart", args=[o["root"].pk]) + "?descendants=1", 9),
    "chart json": (lambda o: reverse("orgchart:chart-json", args=[o["root"].pk]) + "?descendants=1", 6),
}


@pytest.mark.parametrize("scale", [1, 10], ids=["small", "10x"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_queries_do_not_grow_with_the_organisation(
    logged_in, django_assert_max_num_queries, scale, page
):
    org = build_org(scale)
    url, bound = PAGES[page]

    with django_assert_max_num_queries(bound) as captured:
        response = logged_in.get(url(org))

    assert response.status_code == 200
    assert len(captured) > 0
