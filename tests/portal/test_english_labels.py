"""In English a label is followed by an ASCII colon, never the full-width Chinese one
(issue 13, defect 10): the colon is translated with the label context."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "colon"), [("en", ": "), ("zh-hans", "：")])
def test_form_error_summaries_use_the_colon_of_the_language(client, language, colon):
    client.cookies["django_language"] = language
    page = client.post("/register/", {"name": ""}).content.decode()
    summary = page[page.index('class="error-summary"') :]
    summary = summary[: summary.index("</ul>")]
    assert colon in summary
    if language == "en":
        assert "：" not in summary
