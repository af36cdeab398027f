"""What people read in another language: reports without English interface words and with
the same numbers, a French walk in a real terminal, right-to-left HTML, ``lang`` recorded.

The model's own texts (titles, statements, recommendations...) stay English until the content
translators land: these tests remove every one of them from the output before looking for
English, so they check the interface only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from profint_assess import catalogs
from profint_assess.loading import load_answers, load_model
from profint_assess.model import Model
from tests.conftest import Result
from tests.test_assess_pty import Spawn, spawn  # noqa: F401 (the fixture)

ROOT = Path(__file__).resolve().parent.parent
STAKEHOLDERS = sorted((ROOT / "examples" / "valcourt-stakeholders").glob("*.yaml"))
# Two devices for the batch (a summary over more than one), two sides for compare (different
# devices, so that the warning about it shows too).
WORKED = ROOT / "examples" / "worked-example.yaml"
PATHWAYS = ROOT / "examples" / "valcourt-pathways.yaml"
DOCUMENTS = {
    "score": [*STAKEHOLDERS],
    "batch": [*STAKEHOLDERS, WORKED],
    "compare": [WORKED, "--to", PATHWAYS],
}

# Interface words and phrases that must not survive in a French report. Content (the model's
# texts, organisation and device names, respondents' notes) is removed before looking.
ENGLISH = [
    "Overall score", "Priority gaps", "Fields of professionalisation", "Success factors",
    "Respondents", "Date of assessment", "Coverage", "Target", "Gap", "Level", "Score per",
    "Emerging", "Developing", "Established", "Leading", "not assessed", "Not assessed",
    "Perception gaps", "Methodology", "Appendix", "Scores per role", "complete", "in progress",
    "Key figures", "Contents", "Why:", "What it implies", "Good practice", "good practice",
    "The answer scale", "How the scores are computed", "manager", "partners", "beneficiaries",
    "Seen higher", "Open answers", "Model:", "Date:", "status", "Note:",
    "below target", "target", "the model", "answered", "Answer", "Factor",
    # batch and compare
    "Summary over", "Weakest factors", "Statistic", "mean", "median", "1st quartile",
    "Organization", "Organisation", "Device", "Resp.", "Cov.", "Overall", "Below target",
    "network", "assessments", "Before", "After", "Delta", "improved", "declined", "unchanged",
    "newly assessed", "no longer assessed", "Gap closed", "Gap opened", "Newly triggered",
    "No longer triggered", "No gap closed", "same recommendations", "different organisations",
    "Fields:", "Gaps", "Recommendations", "points is unchanged", "produced with",
]  # fmt: skip


def _without_content(text: str, model: Model, extra: list[str]) -> str:
    pieces = [t for part in catalogs.texts(model).values() for t in part.values()]
    # The model's citation of its source is a code, never translated.
    pieces += [*extra, model.meta.source]
    text = " ".join(text.split())
    # Longest first, so that a text containing another is removed whole.
    for piece in sorted({" ".join(p.split()) for p in pieces}, key=len, reverse=True):
        text = text.replace(piece, " ")
    return text


def _english_left(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def _report(cli: Callable[..., Result], fmt: str, lang: str, command: str = "score") -> str:
    plain = ["--plain"] if command != "batch" else []  # batch streams plain text anyway
    if command == "batch" and fmt == "terminal":
        fmt = "table"  # batch's name for its terminal table
    result = cli(command, *DOCUMENTS[command], "--format", fmt, *plain, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _names_and_notes(command: str, model: Model) -> list[str]:
    """What respondents typed (names, notes): content, removed before looking for English."""
    paths = [p for p in DOCUMENTS[command] if isinstance(p, Path)]
    answers = [load_answers(path, model) for path in paths]
    names = [a.organization for a in answers] + [a.device for a in answers]
    notes = [n.note for a in answers for n in a.answers.values() if getattr(n, "note", None)]
    return names + notes + [c for a in answers for c in a.comments.values()]


def _visible(page: str) -> str:
    """An HTML page as the words a reader sees (tags and styles removed). The charts are left
    out: their labels are the factors' titles, cut into lines (content)."""
    page = re.sub(r"<style.*?</style>|<svg.*?</svg>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("command", ["score", "batch", "compare"])
@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_french_report_has_no_english_interface_words(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, fmt: str, command: str
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # no wrapping: content is removed line by line
    model = load_model()
    typed = _names_and_notes(command, model)
    french = _report(cli, fmt, "fr", command)
    text = _visible(french) if fmt == "html" else french
    left = _english_left(_without_content(text, model, typed))
    assert not left, f"English interface words in the French {command} {fmt} output: {left}"
    # The check would see English: the English report fails it.
    english = _report(cli, fmt, "en", command)
    english_text = _visible(english) if fmt == "html" else english
    assert len(_english_left(_without_content(english_text, model, typed))) > 10


@pytest.mark.parametrize("command", ["score", "batch", "compare"])
@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json", "csv"])
def test_french_report_has_the_same_numbers(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, fmt: str, command: str
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    numbers = re.compile(r"\d+\.\d+")
    french, english = _report(cli, fmt, "fr", command), _report(cli, fmt, "en", command)
    assert numbers.findall(english), "no number to compare"
    if fmt == "html":
        # Chart coordinates follow the length of the (translated) labels: compare what is read.
        french, english = _visible(french), _visible(english)
    assert numbers.findall(french) == numbers.findall(english)
    if fmt in ("json", "csv"):
        # Keys, ids, codes and column names never change with the language.
        assert french.splitlines()[0] == english.splitlines()[0]
        assert re.findall(r'"(?:level|id|format)": "[^"]*"', french) == re.findall(
            r'"(?:level|id|format)": "[^"]*"', english
        )


def test_html_sets_lang_and_dir(cli: Callable[..., Result]) -> None:
    french = _report(cli, "html", "fr")
    assert '<html lang="fr" dir="ltr">' in french
    # French is released (complete and checked): no note that texts are shown in English.
    assert "Traduction provisoire" not in french
    arabic = _report(cli, "html", "ar")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert '<html lang="en" dir="ltr">' in _report(cli, "html", "en")
    batch = cli("batch", *STAKEHOLDERS, "--format", "html", "--lang", "ar")
    assert batch.exit_code == 0, batch.stderr
    assert '<html lang="ar" dir="rtl">' in batch.stdout


def test_released_french_markdown_carries_no_draft_note(cli: Callable[..., Result]) -> None:
    markdown = _report(cli, "markdown", "fr")
    assert "Traduction provisoire" not in markdown
    assert "## " in markdown


def test_french_walk_answers_goes_back_quits_and_resumes(
    spawn: Spawn,  # noqa: F811
    tmp_path: Path,
) -> None:
    model = load_model()
    questions = [q.id for q in model.questionnaire_for("manager").questions]  # type: ignore[union-attr]
    term = spawn(["assess", "-o", "reponses.yaml", "--lang", "fr"], tmp_path)
    term.expect("Organisme: ")
    term.line("Mission Locale Exemple")
    term.expect("Dispositif (le programme évalué): ")
    term.line("Garantie jeunes 2026")
    term.expect(
        "Votre rôle (manager, team, partner, company, beneficiary, external) [manager]\u00a0: "
    )
    term.line("")
    term.expect("Touches\u00a0: 0-4 réponse")
    term.expect("Facteur 1 sur 13, 0 questions répondues sur 63 (0 %)")
    term.expect(f"{questions[0]} (question 1 sur 5)")
    term.expect(f"{questions[0]} [0-4 n u ? b q]: ")
    term.line("7")  # not a key: the reminder in French
    term.expect("Tapez 0-4 (3d documenté, 3v vérifié")
    term.line("3 conventions signées")
    term.expect(f"{questions[1]} [0-4 n u ? b q]: ")
    term.line("b")  # back to the first question, its answer shown
    term.expect("Réponse enregistrée\u00a0: 3 (")
    term.expect(f"{questions[0]} [0-4 n u ? b q, Entrée conserve 3]: ")
    term.line("2")  # a bare level keeps the note
    term.expect(f"{questions[1]} [0-4 n u ? b q]: ")
    term.line("n")
    term.expect(f"{questions[2]} [0-4 n u ? b q]: ")
    term.line("q")
    term.expect("Enregistré dans reponses.yaml (statut in-progress, 2 réponses sur 63).")
    term.expect("Pour reprendre\u00a0: profint-assess assess --resume reponses.yaml")
    assert term.wait() == 0
    assert "Traceback" not in term.text

    path = tmp_path / "reponses.yaml"
    saved = load_answers(path, model)
    assert saved.lang == "fr"
    assert saved.answers[questions[0]].value == 2
    assert saved.answers[questions[0]].note == "conventions signées"
    assert saved.answers[questions[1]].value == "na"

    term = spawn(["assess", "--resume", "reponses.yaml", "--lang", "fr"], tmp_path)
    term.expect(f"Reprise à {questions[2]}\u00a0: 2 questions répondues sur 63 jusqu’ici.")
    term.expect(f"{questions[2]} [0-4 n u ? b q]: ")
    term.line("u")
    term.expect(f"{questions[3]} [0-4 n u ? b q]: ")
    term.line("q")
    assert term.wait() == 0
    saved = load_answers(path, model)
    assert saved.answers[questions[2]].value == "unknown"
    assert saved.lang == "fr"


def test_files_answered_in_different_languages_merge_as_today(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    # lang is recorded, never scored: the same answers in fr and in sv give the same report.
    texts = [path.read_text(encoding="utf-8") for path in STAKEHOLDERS]
    for i, (path, text) in enumerate(zip(STAKEHOLDERS, texts, strict=True)):
        lang = ("fr", "sv", "it")[i % 3]
        marked = re.sub(r"^status: (.*)$", rf"status: \1\nlang: {lang}", text, count=1, flags=re.M)
        if "lang:" not in marked:
            marked = text.replace("answers:", f"lang: {lang}\nanswers:", 1)
        (tmp_path / path.name).write_text(marked, encoding="utf-8")
    mixed = cli("score", *sorted(tmp_path.glob("*.yaml")), "--format", "json")
    plain = cli("score", *STAKEHOLDERS, "--format", "json")
    assert mixed.exit_code == 0, mixed.stderr
    assert mixed.stdout == plain.stdout
