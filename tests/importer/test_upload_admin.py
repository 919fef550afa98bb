"""Uploading a document in the admin: preview writes nothing, confirm imports, bad files are refused."""

import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duties.models import Duty
from orgchart.models import Unit
from roles.models import Position
from sources.models import SourceDocument
from tests.importer.word import docx_bytes, word_table

URL = "admin:sources_sourcedocument_upload"
TEXT = "第一篇:測試公司\n市場部\n○市場專員職責\n◆走訪客戶;\n◆整理資料。\n百度文库 免费下载\n直接上级:总经理\n"


def _upload(client, name, data):
    return client.post(reverse(URL), {"document": SimpleUploadedFile(name, data)})


def _counts():
    return (
        SourceDocument.objects.count(),
        Unit.objects.count(),
        Position.objects.count(),
        Duty.objects.count(),
    )


def test_preview_shows_tree_duties_and_warnings_and_writes_nothing(client, hr_editor):
    client.force_login(hr_editor)
    response = _upload(client, "t.txt", TEXT.encode("utf-8"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "测试公司" in page and "市场专员" in page and "走访客户;" in page
    assert "预览" in page and 'name="token"' in page
    assert "第 6 行" not in page  # the noise line is skipped, not reported as not understood
    assert _counts() == (0, 0, 0, 0)


def test_confirm_imports_the_previewed_document(client, hr_editor):
    client.force_login(hr_editor)
    token = _upload(client, "t.txt", TEXT.encode("utf-8")).context["token"]
    response = client.post(reverse(URL), {"token": token})
    assert response.status_code == 200
    position = Position.objects.get(title="市场专员")
    assert [d.text for d in position.duties.order_by("order")] == ["走访客户;", "整理资料。"]
    assert position.unit.get_root().name == "测试公司"
    assert "导入报告" in response.content.decode()


def test_a_tampered_confirmation_is_refused_and_writes_nothing(client, hr_editor):
    client.force_login(hr_editor)
    response = client.post(reverse(URL), {"token": "forged:token"}, follow=True)
    assert "预览已过期或被篡改" in response.content.decode()
    assert _counts() == (0, 0, 0, 0)


def test_a_docx_document_is_previewed(client, hr_editor):
    client.force_login(hr_editor)
    document = docx.Document()
    for line in TEXT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    response = _upload(client, "t.docx", buffer.getvalue())
    assert "市场专员" in response.content.decode()
    assert _counts() == (0, 0, 0, 0)


def test_binary_and_malformed_files_get_a_clear_error(client, hr_editor):
    client.force_login(hr_editor)
    cases = [
        ("t.txt", b"\x00\x01\x02PK", "二进制"),
        ("t.docx", b"not a zip at all", "不是有效的 .docx"),
        ("t.pdf", b"%PDF-1.4", "只支持 .txt、.md 或 .docx"),
        ("t.txt", b"   \n", "文件是空的"),
    ]
    for name, data, message in cases:
        response = _upload(client, name, data)
        assert response.status_code == 200
        assert message in response.content.decode(), name
    assert _counts() == (0, 0, 0, 0)


def test_managers_cannot_upload(client, manager):
    client.force_login(manager)
    response = _upload(client, "t.txt", TEXT.encode("utf-8"))
    assert response.status_code == 403
    assert _counts() == (0, 0, 0, 0)


def test_the_document_list_links_to_the_upload(client, hr_editor):
    client.force_login(hr_editor)
    page = client.get(reverse("admin:sources_sourcedocument_changelist")).content.decode()
    assert reverse(URL) in page


def _jd_table_docx() -> bytes:
    rows = [
        ["岗位名称", "仓库管理员", "所属部门", "物流部"],
        ["岗位职责", "", "", ""],
        ["1", "负责货物入库验收", "", ""],
        ["2", "负责库存盘点", "", ""],
    ]
    return docx_bytes(word_table(rows, merges=[((1, 0), (1, 3))]))


def test_a_word_table_is_read_and_the_report_says_how_sure_it_is(client, hr_editor):
    client.force_login(hr_editor)
    page = _upload(client, "jd.docx", _jd_table_docx()).content.decode()
    assert "仓库管理员" in page and "负责货物入库验收" in page and "负责库存盘点" in page
    assert "把握高" in page  # a labelled position with duties
    assert "已读取" in page
    assert "岗位职责: 负责货物入库验收" in page  # the preview names the item kind in Chinese
    assert "responsibility:" not in page


def test_a_document_without_positions_gets_a_loud_warning(client, hr_editor):
    client.force_login(hr_editor)
    text = "公司简介\n我们是一家贸易公司,成立于2010年,主营进出口业务。\n欢迎加入我们。\n"
    page = _upload(client, "intro.txt", text.encode("utf-8")).content.decode()
    assert "未找到任何岗位" in page
    assert 'role="alert"' in page


def test_utf16_and_gb18030_text_files_are_read(client, hr_editor):
    client.force_login(hr_editor)
    for encoding in ("utf-16", "gb18030"):
        page = _upload(client, f"{encoding}.txt", TEXT.encode(encoding)).content.decode()
        assert "市场专员" in page, encoding


def test_a_docx_zip_bomb_is_refused_with_a_message(client, hr_editor):
    import zipfile

    client.force_login(hr_editor)
    data = io.BytesIO()
    with (
        zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(60):
            part.write(b"A" * (1 << 20))
    response = _upload(client, "bomb.docx", data.getvalue())
    assert response.status_code == 200
    assert "过大" in response.content.decode()
    assert _counts() == (0, 0, 0, 0)


def test_a_heading_longer_than_a_name_may_be_is_shortened_and_named_not_a_server_error(client, hr_editor):
    client.force_login(hr_editor)
    long_name = "华东" * 120 + "集团"
    text = f"# {long_name}\n## 销售部\n### 销售经理\n岗位职责:\n1. 负责区域销售。\n"
    preview = _upload(client, "long.md", text.encode("utf-8"))
    assert "第 1 行:名称有 242 个字符,超过 200 个字符的上限" in preview.content.decode()

    confirmed = client.post(reverse(URL), {"token": preview.context["token"]})

    assert confirmed.status_code == 200
    root = Unit.objects.get(parent=None)
    assert len(root.name) == 200 and root.name.endswith("…") and long_name.startswith(root.name[:-1])
    assert Position.objects.get(title="销售经理").duties.get().text == "负责区域销售。"
    assert long_name in SourceDocument.objects.get().text
