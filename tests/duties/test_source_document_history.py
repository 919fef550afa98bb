import pytest

from importer.apply import import_text

pytestmark = pytest.mark.django_db


def test_a_changed_source_document_keeps_its_earlier_text_in_history(admin_client):
    import_text("memo.txt", "第一篇:营销部职责\n营销部\n○营销处长职责\n◆负责编制年度集团营销计划;\n")
    import_text("memo.txt", "第一篇:营销部职责\n营销部\n○营销处长职责\n◆负责编制年度营销计划;\n")

    from sources.models import SourceDocument

    document = SourceDocument.objects.get(name="memo.txt")
    texts = [record.text for record in document.history.order_by("history_date")]
    assert "年度集团营销计划" in texts[0]
    assert "年度营销计划" in texts[-1]
    response = admin_client.get(f"/admin/sources/sourcedocument/{document.pk}/history/")
    assert response.status_code == 200
