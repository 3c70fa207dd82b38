"""The eval suite on a user's own documents and cases, with support given as quotes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Assistant
from evals.cases import CaseFileError, load_cases
from evals.runner import markdown, run_suite

from .conftest import make_settings


def test_own_corpus_with_quoted_support(tmp_path: Path) -> None:
    seeds = tmp_path / "docs"
    seeds.mkdir()
    (seeds / "harbour.md").write_text(
        "# Harbour report\n\nThe ferry to Tallinn left at 7 a.m. on Saturday. "
        "Captain Ilse Marr said the crossing took three hours.\n\n- Cargo included 40 tonnes of grain.\n",
        encoding="utf-8",
    )
    cases = tmp_path / "cases.jsonl"
    rows = [
        {
            "id": "c1",
            "category": "factual",
            "question": "How long did the crossing take?",
            "answerable": True,
            "facts": [["three hours"]],
            "support_quotes": ["crossing took three hours"],
        },
        {
            "id": "c2",
            "category": "factual",
            "question": "How much grain was in the cargo?",
            "answerable": True,
            "facts": [["40 tonnes"]],
            "support_quotes": ["40 tonnes of grain"],
        },
        {"id": "u1", "category": "unanswerable", "question": "What did Emmanuel Macron say?", "answerable": False},
    ]
    cases.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assistant = Assistant(make_settings(seeds, tmp_path / "store"))

    report = run_suite(assistant, load_cases(cases), baselines=False)
    ours = report["systems"]["ours"]
    assert ours["cases"] == 3 and ours["abstention_accuracy"] == 1.0
    assert ours["answer_accuracy"] == 1.0 and ours["recall_at_3"] == 1.0, markdown(report)

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({**rows[0], "support_quotes": ["not in any sentence"]}) + "\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="no indexed sentence contains"):
        run_suite(assistant, load_cases(bad), baselines=False)


def test_a_quoted_table_row_is_the_rows_sentence(tmp_path: Path) -> None:
    # A row's sentence leaves out its outer pipes; a case quoting the row as written still finds it.
    from evals.runner import resolve_quotes

    seeds = tmp_path / "docs"
    seeds.mkdir()
    (seeds / "visitors.md").write_text(
        "# Visitors\n\n| Year | Visitors |\n|---|---|\n| 2022 | 42,100 |\n| 2023 | 45,900 |\n", encoding="utf-8"
    )
    cases = tmp_path / "cases.jsonl"
    row = {"id": "t1", "question": "How many visitors came in 2022?", "facts": [["42,100"]]}
    cases.write_text(json.dumps({**row, "support_quotes": ["| 2022 | 42,100 |"]}) + "\n", encoding="utf-8")
    assistant = Assistant(make_settings(seeds, tmp_path / "store"))
    (case,) = resolve_quotes(assistant, load_cases(cases))
    texts = {s.sentence_id: s.text for s in assistant.document("visitors.md").sentences}
    assert [texts[i] for i in case.support] == ["2022 | 42,100"]
    # Not a row that only begins the same way.
    cases.write_text(json.dumps({**row, "support_quotes": ["| 2022 | 42,1 |"]}) + "\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="no indexed sentence contains"):
        resolve_quotes(assistant, load_cases(cases))
