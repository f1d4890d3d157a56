"""Questionnaire versions: which is live, and what changed from one version to the next."""

from __future__ import annotations

import hashlib

import pytest

from tests.integration.auth.helpers import main_content, make_user, sign_in
from valuedcare.admin.service import build_diff, build_questionnaires, diff_line_kind


def _store(slug: str, version: int, source: str, title: str = "Practice survey") -> None:
    from valuedcare.data.questionnaires import store_version

    outcome = store_version(
        slug=slug,
        version=version,
        kind="questionnaire",
        title=title,
        lens="partner",
        content_hash=hashlib.sha256(source.encode()).hexdigest(),
        source=source,
    )
    assert outcome.status == "added"


V1 = "slug: practice\nversion: 1\ntitle: Practice survey\nitems:\n  - id: q1\n  - id: q2\n"
V2 = "slug: practice\nversion: 2\ntitle: Practice survey\nitems:\n  - id: q1\n  - id: q3\n"


def test_the_diff_is_a_unified_diff_of_the_yaml_sources():
    assert build_diff(V1, V2, "practice version 1", "practice version 2") == [
        "--- practice version 1",
        "+++ practice version 2",
        "@@ -1,6 +1,6 @@",
        " slug: practice",
        "-version: 1",
        "+version: 2",
        " title: Practice survey",
        " items:",
        "   - id: q1",
        "-  - id: q2",
        "+  - id: q3",
    ]
    assert build_diff(V1, V1, "a", "b") == []
    kinds = [diff_line_kind(line) for line in ["--- a", "+++ b", "@@ x", "+x", "-y", " z"]]
    assert kinds == ["heading", "heading", "heading", "added", "removed", "same"]


def test_versions_are_grouped_by_questionnaire_and_the_newest_is_live():
    class Row:
        def __init__(self, slug, version):
            self.id, self.slug, self.version = version * 10, slug, version
            self.kind, self.title, self.lens, self.loaded_at = "questionnaire", slug, None, None

    grouped = build_questionnaires([Row("b", 1), Row("a", 1), Row("b", 3), Row("b", 2)])

    assert [q.slug for q in grouped] == ["a", "b"]
    assert [(v.version, v.is_live) for v in grouped[1].versions] == [
        (3, True),
        (2, False),
        (1, False),
    ]
    assert grouped[1].live.version == 3


def test_the_list_marks_the_live_version_of_each_questionnaire(client, db, platform_admin):
    _store("practice", 1, V1)
    _store("practice", 2, V2, title="Practice survey, revised")
    db.session.commit()

    page = main_content(client.get("/admin/questionnaires").get_data(as_text=True))

    for slug in ["board-self-assessment", "experts-by-experience", "partner-feedback", "practice"]:
        assert f"Versions of {slug}" in page
    practice = page[page.index("Versions of practice") :]
    version_2 = practice[practice.index('<th scope="row">2</th>') :][:800]
    version_1 = practice[practice.index('<th scope="row">1</th>') :][:800]
    assert "Live" in version_2 and "Practice survey, revised" in version_2
    assert "Replaced" in version_1
    assert 'href="/admin/questionnaires/practice/versions/2/changes"' in practice


def test_the_changes_page_shows_what_changed_since_the_previous_version(client, db, platform_admin):
    _store("practice", 1, V1)
    _store("practice", 2, V2)
    db.session.commit()

    page = client.get("/admin/questionnaires/practice/versions/2/changes").get_data(as_text=True)

    assert "Compared with version 1: 2 lines added and 2 lines removed" in page
    assert '<span class="app-diff__line app-diff__line--removed">-  - id: q2</span>' in page
    assert '<span class="app-diff__line app-diff__line--added">+  - id: q3</span>' in page
    first = client.get("/admin/questionnaires/practice/versions/1/changes").get_data(as_text=True)
    assert "This is the first version" in first


def test_an_unknown_questionnaire_or_version_is_not_found(client, db, platform_admin):
    assert client.get("/admin/questionnaires/nothing/versions/1/changes").status_code == 404
    assert (
        client.get("/admin/questionnaires/partner-feedback/versions/99/changes").status_code == 404
    )


@pytest.mark.parametrize("role", ["organisation_admin", "board_member", "viewer"])
def test_only_platform_administrators_see_questionnaire_versions(client, db, role):
    sign_in(client, make_user(db, role))
    assert client.get("/admin/questionnaires").status_code == 403
    url = "/admin/questionnaires/partner-feedback/versions/1/changes"
    assert client.get(url).status_code == 403
