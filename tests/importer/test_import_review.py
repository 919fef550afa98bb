"""The import review in the admin: each line's role, corrections re-parsed as hints, saved on confirm."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duties.models import Duty
from importer.apply import import_text
from importer.models import LineCorrection
from orgchart.models import Unit
from roles.models import Position
from sources.models import SourceDocument
from tests.importer.word import docx_bytes, word_table

UPLOAD = "admin:sources_sourcedocument_upload"
REVIEW = "admin:sources_sourcedocument_review"
# Line 3 names a position the rules miss (no title word, no '职责').
MISSED = "测试公司\n市场部\n大客户拓展\n1、走访重点客户;\n2、签订年度合同。\n"
FIXED = {"3": "position"}


def _upload(client, name="jd.txt", text=MISSED):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(reverse(UPLOAD), {"document": SimpleUploadedFile(name, data)})


def _review(client, token, hints):
    return client.post(reverse(REVIEW), {"token": token, "hints": json.dumps(hints)})


def _confirm(client, token, hints, **extra):
    return client.post(reverse(UPLOAD), {"token": token, "hints": json.dumps(hints), **extra}, follow=True)


def _store():
    return (
        SourceDocument.objects.count(),
        Unit.objects.count(),
        Position.objects.count(),
        Duty.objects.count(),
        LineCorrection.objects.count(),
    )


def test_the_preview_lists_every_line_with_its_role_and_the_tree(client, hr_editor):
    client.force_login(hr_editor)
    response = _upload(client, text=MISSED + "3、______\n")
    lines = response.context["lines"]
    assert [(line["n"], line["role"]) for line in lines] == [
        (1, "organisation"),
        (2, "unit"),
        (3, "function"),
        (4, "function"),
        (5, "function"),
        (6, "unknown"),
    ]
    assert lines[5]["warnings"]  # the line it could not read says so, next to it
    page = response.content.decode()
    assert 'role="listbox"' in page and 'id="review-line-3"' in page and "单元职能" in page
    assert "js/import_review.js" in page and "css/import_review.css" in page
    assert "<script>" not in page.replace('<script id="review-labels" type="application/json">', "")
    assert " style=" not in page
    assert _store() == (0, 0, 0, 0, 0)


def test_the_review_endpoint_reparses_with_the_hints_and_writes_nothing(client, hr_editor):
    client.force_login(hr_editor)
    token = _upload(client).context["token"]
    data = _review(client, token, FIXED).json()
    roles = {line["n"]: (line["role"], line["hint"]) for line in data["lines"]}
    assert roles[3] == ("position", "position")
    assert roles[4] == ("responsibility", "")
    position = next(row for row in data["tree"] if row["kind"] == "position")
    assert position["label"] == "大客户拓展" and position["depth"] == 2
    assert "岗位职责 2" in position["detail"]
    assert data["summary"]["positions"] == 1 and data["summary"]["duties"] == 2
    # Unknown roles and lines are dropped, not trusted.
    data = _review(client, token, {"3": "<script>", "999": "position", "x": "noise"}).json()
    assert all(line["hint"] == "" for line in data["lines"])
    assert _store() == (0, 0, 0, 0, 0)


def test_the_review_endpoint_refuses_forged_tokens_gets_and_managers(client, hr_editor, manager):
    client.force_login(hr_editor)
    assert _review(client, "forged", FIXED).status_code == 400
    assert client.get(reverse(REVIEW)).status_code == 405
    token = _upload(client).context["token"]
    client.force_login(manager)
    assert _review(client, token, FIXED).status_code == 403


def test_confirm_imports_with_the_corrections_and_saves_them(client, hr_editor):
    client.force_login(hr_editor)
    token = _upload(client).context["token"]
    response = _confirm(client, token, FIXED, confirm="1")
    assert "导入报告" in response.content.decode()
    position = Position.objects.get(title="大客户拓展")
    assert [d.text for d in position.duties.order_by("order")] == ["走访重点客户;", "签订年度合同。"]
    correction = LineCorrection.objects.get()
    assert (correction.line, correction.role, correction.text) == (3, "position", "大客户拓展")
    assert correction.document.name == "jd.txt" and correction.saved_by == hr_editor


def test_cancel_writes_nothing(client, hr_editor):
    client.force_login(hr_editor)
    token = _upload(client).context["token"]
    response = _confirm(client, token, FIXED, cancel="1")
    assert "已取消导入" in response.content.decode()
    assert _store() == (0, 0, 0, 0, 0)


def test_a_reupload_starts_from_the_saved_corrections(client, hr_editor):
    client.force_login(hr_editor)
    _confirm(client, _upload(client).context["token"], FIXED, confirm="1")
    response = _upload(client)
    assert json.loads(response.context["hints_json"]) == FIXED
    line = response.context["lines"][2]
    assert (line["role"], line["hint"]) == ("position", "position")


def test_a_reimport_reproduces_the_corrected_result_and_a_changed_document_keeps_what_it_can(db, hr_editor):
    import_text("jd.txt", MISSED, {3: "position", 5: "requirement"}, user=hr_editor)
    assert import_text("jd.txt", MISSED).unchanged  # same text, same corrections: nothing to write
    # Two lines added above: the corrections follow their lines' text; one line is gone.
    changed = "测试公司\n说明:以下为市场部岗位\n\n市场部\n大客户拓展\n1、走访重点客户;\n2、签订三年合同。\n"
    report = import_text("jd.txt", changed)
    position = Position.objects.get(title="大客户拓展")
    assert position.duties.count() == 2
    assert report.lost_corrections == [(5, "requirement", "2、签订年度合同。")]
    assert "1 条更正无法重新应用" in " ".join(report.warnings)
    assert "correction not reapplied: line 5 requirement" in report.as_text()
    assert list(LineCorrection.objects.values_list("line", "role")) == [(5, "position")]


def test_a_stale_preview_cannot_overwrite_a_newer_import(client, hr_editor, django_user_model):
    client.force_login(hr_editor)
    first = _upload(client).context["token"]
    second = _upload(client).context["token"]  # another HR user's preview, made at the same time
    _confirm(client, first, FIXED, confirm="1")
    before = _store()
    response = _confirm(client, second, {"3": "noise"}, confirm="1")
    assert "在您预览之后已被另一次导入更新" in response.content.decode()
    assert _store() == before
    assert LineCorrection.objects.get().role == "position"
    # A preview made after that import goes through.
    third = _upload(client).context["token"]
    _confirm(client, third, {"3": "position", "5": "requirement"}, confirm="1")
    assert LineCorrection.objects.count() == 2


def test_a_stale_preview_of_a_changed_text_is_refused_too(client, hr_editor):
    client.force_login(hr_editor)
    _confirm(client, _upload(client).context["token"], {}, confirm="1")
    old = _upload(client, text=MISSED + "3、拜访经销商。\n").context["token"]
    _confirm(client, _upload(client, text=MISSED + "3、拜访代理商。\n").context["token"], {}, confirm="1")
    response = _confirm(client, old, FIXED, confirm="1")
    assert "另一次导入" in response.content.decode()
    assert "代理商" in SourceDocument.objects.get().text


def test_a_word_table_row_is_corrected_by_its_line(client, hr_editor):
    client.force_login(hr_editor)
    data = docx_bytes(word_table([["出纳专岗", "现金收付"], ["", "票据保管"]], title="测试公司"))
    response = _upload(client, "jd.docx", data)
    row = next(line for line in response.context["lines"] if "出纳专岗" in line["text"])
    token = response.context["token"]
    # The cell below it was read as the sub-heading's body: it is a duty of its own.
    _confirm(client, token, {str(row["n"]): "position", str(row["n"] + 2): "responsibility"}, confirm="1")
    position = Position.objects.get(title="出纳专岗")
    assert [d.text for d in position.duties.order_by("order")] == ["现金收付", "票据保管"]


def test_preview_queries_do_not_grow_with_the_document(client, hr_editor):
    client.force_login(hr_editor)
    _upload(client)  # sessions and permissions read once
    long = MISSED + "".join(f"{n}、负责第{n}项工作;\n" for n in range(3, 300))
    counts = []
    for text in (MISSED, long):
        with CaptureQueriesContext(connection) as queries:
            assert _upload(client, text=text).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as queries:
        _review(client, _upload(client, text=long).context["token"], FIXED)
    writes = ("INSERT", "UPDATE", "DELETE")
    assert not [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(writes)]
