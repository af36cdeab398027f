"""Open (unscored) questions: saved, loaded, refused when unknown; asked at the end of a walk;
listed by the template; never scored. Also the plain-language beneficiary walk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from profint_assess.answers import Draft, blank_template, dump_answers
from profint_assess.errors import ProfintError
from profint_assess.interview import ScriptedPrompter, run_session
from profint_assess.loading import load_answers, parse
from profint_assess.model import Model
from profint_assess.scoring import score
from tests.conftest import EXAMPLES

TODAY = dt.date(2026, 11, 28)
WORKED = (EXAMPLES / "worked-example.yaml").read_text(encoding="utf-8")


def test_comments_are_loaded_and_never_change_a_score(builtin_model: Model, tmp_path: Path) -> None:
    path = tmp_path / "with-comments.yaml"
    path.write_text(
        WORKED + 'comments:\n  strengths: "weekly workshops"\n  skills: "line 1\\nline 2"\n'
        "  weaknesses:\n",  # left empty, as in a template: not an answer
        encoding="utf-8",
    )
    answers = load_answers(path, builtin_model)
    assert answers.comments == {"strengths": "weekly workshops", "skills": "line 1\nline 2"}
    plain = score(builtin_model, [load_answers(EXAMPLES / "worked-example.yaml", builtin_model)])
    commented = score(builtin_model, [answers])
    assert commented.overall_score == plain.overall_score
    assert [(c.role, c.question, c.comment) for c in commented.comments] == [
        ("manager", "strengths", "weekly workshops"),
        ("manager", "skills", "line 1\nline 2"),
    ]
    assert commented.comments[0].text == "What are the device's main strengths?"


def test_an_unknown_open_question_is_refused_with_its_line(
    builtin_model: Model, tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    text = WORKED + 'comments:\n  strengths: "ok"\n  funding: "more money"\n'
    path.write_text(text, encoding="utf-8")
    try:
        load_answers(path, builtin_model)
    except ProfintError as exc:
        messages = [str(p) for p in exc.problems]
    else:
        raise AssertionError("an unknown open question id was accepted")
    line = text.splitlines().index('  funding: "more money"') + 1
    assert messages == [
        f"{path}:{line}: comments.funding: unknown open question in 'self-assessment'"
    ]


def test_control_characters_in_a_comment_are_refused(builtin_model: Model, tmp_path: Path) -> None:
    path = tmp_path / "ctl.yaml"
    path.write_text(WORKED + 'comments:\n  strengths: "\\e[31mred"\n', encoding="utf-8")
    try:
        load_answers(path, builtin_model)
    except ProfintError as exc:
        assert "comments: contains control characters (U+001B)" in str(exc.problems[0])
    else:
        raise AssertionError("an escape sequence in a comment was accepted")


def test_a_draft_keeps_its_comments_through_save_and_resume(
    builtin_model: Model, tmp_path: Path
) -> None:
    answers = load_answers(EXAMPLES / "valcourt-pathways.yaml", builtin_model)
    questionnaire = builtin_model.questionnaire("self-assessment")
    assert questionnaire is not None
    draft = Draft.from_file(answers, questionnaire)
    draft.comments["change"] = 'say "hello"\tthen: go'
    path = tmp_path / "again.yaml"
    path.write_text(dump_answers(draft), encoding="utf-8")
    again = load_answers(path, builtin_model)
    assert again.comments == {**answers.comments, "change": 'say "hello"\tthen: go'}
    assert parse(path.read_text(encoding="utf-8"), "x.yaml")["comments"]["strengths"].startswith(
        "Weekly workshops"
    )


def test_the_template_lists_the_open_questions(builtin_model: Model, tmp_path: Path) -> None:
    questionnaire = builtin_model.questionnaire("partner")
    assert questionnaire is not None
    text = blank_template(builtin_model, questionnaire, "partner", TODAY)
    assert "comments:" in text
    assert "  # What would make the partnership around the device work better?" in text
    assert '  partnership: ""' in text
    # Filled in as it stands (blank values, empty comments), it still loads.
    path = tmp_path / "t.yaml"
    filled = text.replace('organization: ""', "organization: O").replace('device: ""', "device: D")
    path.write_text(filled, encoding="utf-8")
    assert load_answers(path, builtin_model).comments == {}


def test_the_walk_asks_the_open_questions_at_the_end(builtin_model: Model, tmp_path: Path) -> None:
    questionnaire = builtin_model.questionnaire_for("external")
    assert questionnaire is not None
    answers = ["3"] * len(questionnaire.questions)
    lines = ["Org", "Dev", "external", *answers, "Small groups", "", "Peer tutoring"]
    prompter = ScriptedPrompter(lines)
    result = run_session(
        builtin_model, prompter, output=tmp_path / "x.yaml", today=TODAY, plain=True
    )
    saved = load_answers(tmp_path / "x.yaml", builtin_model)
    assert saved.status == "complete" and result.draft.complete
    assert saved.comments == {"factors": "Small groups", "practice": "Peer tutoring"}
    assert "Last questions, in your own words. Press Enter to skip a question." in (
        prompter.transcript
    )
    assert "What good practice from your own device could this one learn from?" in (
        prompter.transcript
    )


def test_input_ending_during_the_open_questions_finishes_the_walk(
    builtin_model: Model, tmp_path: Path
) -> None:
    questionnaire = builtin_model.questionnaire_for("external")
    assert questionnaire is not None
    lines = ["Org", "Dev", "external", *(["2"] * len(questionnaire.questions)), "One thing"]
    run_session(
        builtin_model, ScriptedPrompter(lines), output=tmp_path / "x.yaml", today=TODAY, plain=True
    )
    saved = load_answers(tmp_path / "x.yaml", builtin_model)
    assert saved.status == "complete" and saved.comments == {"factors": "One thing"}


def test_the_beneficiary_walk_shows_no_ids_and_no_key_jargon(
    builtin_model: Model, tmp_path: Path
) -> None:
    questionnaire = builtin_model.questionnaire_for("beneficiary")
    assert questionnaire is not None
    answers = ["?", "4", "n", *(["3"] * (len(questionnaire.questions) - 2))]
    lines = ["Org", "Dev", "beneficiary", *answers, "", "", ""]
    prompter = ScriptedPrompter(lines)
    run_session(builtin_model, prompter, output=tmp_path / "b.yaml", today=TODAY, plain=True)
    shown = prompter.transcript
    walk = shown[shown.index("Type the number of your answer") :]
    for question in questionnaire.questions:
        assert question.id not in walk
        assert question.factor not in walk
    for jargon in ("not applicable", "0-4 n u", "Source:", "[0-4"):
        assert jargon not in walk, jargon
    assert "Your answer: " in walk and "Question 1 of 2" in walk
    saved = load_answers(tmp_path / "b.yaml", builtin_model)
    assert saved.answers["F01.B1"].value == 4 and saved.answers["F01.B2"].value == "na"


STAKEHOLDERS = sorted((EXAMPLES / "valcourt-stakeholders").glob("*.yaml"))


def test_json_report_carries_the_open_answers_by_role(cli) -> None:
    import json

    result = cli("score", *STAKEHOLDERS, "--format", "json")
    assert result.exit_code == 0, result.stderr
    comments = json.loads(result.stdout)["comments"]
    assert list(comments) == ["manager", "partner", "beneficiary"]
    # By question within a role: the two partners' strong points sit together.
    assert [c["question"] for c in comments["partner"][:2]] == ["strengths", "strengths"]
    assert comments["beneficiary"][0] == {
        "question": "helped",
        "text": "What helped you most?",
        "comment": "The group, and my adviser who listens.",
    }
    # Below the minimum of three beneficiaries, their open answers go with their other answers.
    two = [p for p in STAKEHOLDERS if p.name != "beneficiary-3.yaml"]
    hidden = json.loads(cli("score", *two, "--format", "json").stdout)["comments"]
    assert "beneficiary" not in hidden and "partner" in hidden


def test_every_format_for_people_shows_an_open_answers_section(cli) -> None:
    for fmt, heading in (("terminal", "Open answers"), ("markdown", "## Open answers")):
        out = cli("score", *STAKEHOLDERS, "--format", fmt, "--plain").stdout
        assert heading in out, fmt
        assert "A yearly meeting of all the partners." in out, fmt
        assert out.index("Partners") < out.index("Beneficiaries"), fmt
    html = cli("score", *STAKEHOLDERS, "--format", "html").stdout
    assert '<section id="open" class="sheet">' in html
    assert '<dd class="comment">Practising interviews.</dd>' in html
    # A report without open answers has no such section.
    worked = cli("score", EXAMPLES / "worked-example.yaml", "--format", "markdown").stdout
    assert "Open answers" not in worked


def test_model_show_gives_the_crosswalk(cli) -> None:
    import json

    data = json.loads(cli("model", "show", "--format", "json").stdout)
    crosswalk = data["model"]["crosswalk"]
    assert [c["item"] for c in crosswalk["io1"] if not c["factors"]] == [12]
    assert {n["factor"] for n in crosswalk["new"]} == {"F06", "F09"}
    assert "our reading" in crosswalk["notes"]
    assert [o["id"] for o in data["questionnaire"]["open_questions"]] == [
        "strengths",
        "weaknesses",
        "change",
        "skills",
    ]
    text = cli("model", "show", "--plain").stdout
    assert "From the IO1 list (Figure 1) to Figure 4" in text
    assert "IO1 12 [skills] -> dropped" in text
