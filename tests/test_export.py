"""The tidy export: tables, codebook, anonymity, CSV safety, Parquet, and DuckDB over it.

The real-engine test loads the export into DuckDB and checks that SQL gives back exactly the
summary ``batch`` computes (means, quartiles, extremes, the weakest factors) and its row counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from profint_assess.batch import Batch, Summary
from profint_assess.errors import UsageError
from profint_assess.export import (
    CODEBOOK_COLUMNS,
    Export,
    assessment_id,
    codebook_markdown,
    codebook_rows,
    tables,
)
from profint_assess.loading import expand_answer_paths, load_answers, load_any_answers, load_model
from profint_assess.model import Model
from profint_assess.plan import draft_plan, dump_plan
from profint_assess.plan_file import load_if_plan, load_plan
from profint_assess.scoring import score
from profint_assess.tables import TableFiles, require_pyarrow
from tests.conftest import EXAMPLES

duckdb = pytest.importorskip("duckdb")


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


def export_to(
    model: Model,
    inputs: list[Path],
    folder: Path,
    *,
    file_format: str = "csv",
    excel: bool = False,
    notes: bool = False,
) -> Export:
    """What ``profint-assess export`` does: read, collect, write every table and the codebook."""
    collected = Export(model, notes=notes)
    for path in expand_answer_paths(inputs):
        plan = load_if_plan(path, model)
        if plan is not None:
            collected.add_plan(plan, str(path))
        else:
            collected.add(load_any_answers(path, model), str(path))
    folder.mkdir(parents=True, exist_ok=True)
    with TableFiles(folder, collected.tables, file_format, excel=excel) as files:
        for _ in collected.write(files):
            pass
        files.write_csv("codebook.csv", CODEBOOK_COLUMNS, codebook_rows(collected.tables))
        files.write_text("codebook.md", codebook_markdown(collected.tables, file_format))
        files.commit()
    return collected


def network(model: Model, folder: Path, devices: int = 40, seed: int = 17) -> Path:
    """Answers files of ``devices`` devices: managers, some partners and beneficiaries, a few
    devices with only two beneficiaries (hidden), na, unknown and blanks scattered."""
    rng = random.Random(seed)
    by_role = {
        role: model.questionnaire_for(role) for role in ("manager", "partner", "beneficiary")
    }
    n = 0
    for d in range(devices):
        org = f"Org {d % 7}"
        device = f"Device {d}"
        date = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        base = rng.uniform(0.5, 3.5)
        roles = ["manager"] * rng.choice((1, 1, 2))
        if rng.random() < 0.5:
            roles += ["partner"] * rng.choice((1, 2))
        if rng.random() < 0.5:
            roles += ["beneficiary"] * rng.choice((2, 3, 4))  # 2: below the minimum of 3
        for role in roles:
            questionnaire = by_role[role]
            assert questionnaire is not None
            lines = [
                "format: profint-answers/1",
                f"questionnaire: {questionnaire.id}",
                'model: {id: profint, version: "2.0"}',
                f'organization: "{org}"',
                f'device: "{device}"',
                f"respondent: {{role: {role}}}",
                f"date: {date.isoformat()}",
                "answers:",
            ]
            for q in questionnaire.questions:
                roll = rng.random()
                if roll < 0.05:
                    value = "na"
                elif roll < 0.1:
                    value = "unknown"
                elif roll < 0.13:
                    value = ""
                else:
                    value = str(max(0, min(4, round(rng.gauss(base, 1.1)))))
                if value and rng.random() < 0.2:
                    lines.append(f'  {q.id}: {{value: {value}, note: "note {q.id}"}}')
                else:
                    lines.append(f"  {q.id}: {value}")
            n += 1
            path = folder / f"r{n % 5}" / f"{n:04d}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def batch_summary(model: Model, folder: Path) -> tuple[dict, Batch]:
    """The summary `batch --format json` prints for the files under ``folder``."""
    batch = Batch(model)
    for path in expand_answer_paths([folder]):
        batch.add(load_answers(path, model))
    summary = Summary(model)
    for _ in batch.reports(summary):
        pass
    return summary.as_dict(), batch


STATS_SQL = """
    select count(v) as count, fsum(v) / count(v) as mean,
           quantile_cont(v, 0.5) as median, quantile_cont(v, 0.25) as q1,
           quantile_cont(v, 0.75) as q3, min(v) as min, max(v) as max
    from ({inner})
"""


def stats(con: object, inner: str) -> dict[str, object]:
    cursor = con.execute(STATS_SQL.format(inner=inner))  # type: ignore[attr-defined]
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    values = dict(zip(names, row, strict=True))
    if values["count"] == 0:
        values = {k: (0 if k == "count" else None) for k in values}
    return values


def same(got: dict[str, object], expected: dict[str, object]) -> bool:
    """Equal statistics: count, mean, min and max to the bit; quartiles to one unit in the last
    place. DuckDB's x86-64 build computes ``lo * (1 - d) + hi * d`` with a fused multiply-add
    (one rounding fewer), which Python's floats cannot do before 3.13."""
    if got.keys() != expected.keys():
        return False
    for name, value in expected.items():
        other = got[name]
        if name in ("median", "q1", "q3") and value is not None and other is not None:
            if abs(other - value) > math.ulp(value):  # type: ignore[operator, arg-type]
                return False
        elif other != value:
            return False
    return True


def connect(folder: Path, file_format: str = "csv") -> object:
    con = duckdb.connect()
    for table in (
        "assessments",
        "field_scores",
        "factor_scores",
        "answers",
        "recommendations",
        "learning_answers",
        "plan_actions",
    ):
        path = folder / f"{table}.{file_format}"
        reader = "read_parquet" if file_format == "parquet" else "read_csv"
        con.execute(f"create view {table} as select * from {reader}('{path}')")
    return con


def test_duckdb_reproduces_the_batch_summary_exactly(tmp_path: Path, model: Model) -> None:
    folder = network(model, tmp_path / "in")
    expected, batch = batch_summary(model, folder)
    collected = export_to(model, [folder], tmp_path / "out")
    con = connect(tmp_path / "out")

    assert expected["count"] == len(batch) == len(collected) == 40
    assert con.execute("select count(*) from assessments").fetchone()[0] == 40
    assert same(stats(con, "select overall_score as v from assessments"), expected["overall"])
    assert same(stats(con, "select coverage as v from assessments"), expected["coverage"])
    for field in model.meta.fields:
        inner = f"select score as v from field_scores where field = '{field.id}'"
        assert same(stats(con, inner), expected["fields"][field.id]), field.id
    for factor in model.factors:
        inner = (
            f"select score as v from factor_scores where role = 'all' and factor = '{factor.id}'"
        )
        assert same(stats(con, inner), expected["factors"][factor.id]), factor.id

    weakest = con.execute(
        """
        select factor, fsum(score) / count(score) as mean, quantile_cont(score, 0.5) as median,
               count(*) filter (where gap > 0) as below_target
        from factor_scores where role = 'all' and score is not null
        group by factor order by mean, factor limit 3
        """
    ).fetchall()
    assert len(weakest) == len(expected["weakest_factors"]) == 3
    for (factor, mean, median, below), want in zip(
        weakest, expected["weakest_factors"], strict=True
    ):
        assert (factor, mean, below) == (want["id"], want["mean"], want["below_target"])
        assert abs(median - want["median"]) <= math.ulp(want["median"])

    # Coverage from the factor rows, as an analyst would recompute it.
    recomputed = con.execute(
        """
        select a.coverage, sum(f.answered) / sum(f.questions - f.na)
        from assessments a join factor_scores f using (assessment_id)
        where f.role = 'all' group by a.assessment_id, a.coverage
        """
    ).fetchall()
    assert all(x == pytest.approx(y) for x, y in recomputed)


def test_row_counts_match_what_was_scored(tmp_path: Path, model: Model) -> None:
    folder = network(model, tmp_path / "in", devices=25, seed=3)
    _, batch = batch_summary(model, folder)
    export_to(model, [folder], tmp_path / "out")
    con = connect(tmp_path / "out")
    reports = [batch.score(key) for key in batch.keys()]
    factors = len(model.factors)
    count = con.execute  # shorter lines below

    assert count("select count(*) from field_scores").fetchone()[0] == 25 * len(model.meta.fields)
    assert count("select count(*) from factor_scores where role = 'all'").fetchone()[0] == (
        25 * factors
    )
    # One row per factor each shown role was asked about.
    role_rows = 0
    for key, report in zip(batch.keys(), reports, strict=True):
        files = batch.answers(key)
        for role in report.roles:
            asked = {
                q.factor
                for f in files
                if f.respondent.role == role
                for q in model.questionnaire(f.questionnaire).questions  # type: ignore[union-attr]
            }
            role_rows += len(asked)
    assert (
        count("select count(*) from factor_scores where role <> 'all'").fetchone()[0] == role_rows
    )
    answers = sum(
        1
        for key, report in zip(batch.keys(), reports, strict=True)
        for f in batch.answers(key)
        if f.respondent.role in report.roles
        for a in f.answers.values()
        if a.value is not None
    )
    assert count("select count(*) from answers").fetchone()[0] == answers
    recs = sum(len(r.recommendations) for r in reports)
    assert count("select count(*) from recommendations").fetchone()[0] == recs
    # Statuses and values are separate columns: a value only when answered.
    assert (
        count(
            "select count(*) from answers where (status = 'answered') <> (value is not null)"
        ).fetchone()[0]
        == 0
    )
    assert {r[0] for r in count("select distinct status from answers").fetchall()} == {
        "answered",
        "na",
        "unknown",
    }


def plans_for(model: Model, folder: Path, out: Path, count: int) -> list[Path]:
    """Plans drafted as `plan new` drafts them, from the first ``count`` assessments under
    ``folder`` (in key order), written to ``out/plans``."""
    groups: dict[tuple, list] = {}
    for path in expand_answer_paths([folder]):
        answers = load_any_answers(path, model)
        if answers.questionnaire in {q.id for q in model.questionnaires}:
            groups.setdefault((answers.organization, answers.device, answers.date), []).append(
                answers
            )
    paths = []
    for i, key in enumerate(sorted(groups)[:count]):
        plan = draft_plan(score(model, groups[key]), model, top=4, today=dt.date(2026, 12, 1))
        path = out / "plans" / f"plan-{i}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump_plan(plan, model, path.name), encoding="utf-8")
        paths.append(path)
    return paths


def set_owner(path: Path, action: str, owner: str, *, due: str = "", notes: str = "") -> None:
    """Fill in an action of a plan file as a user does (`plan set`)."""
    from profint_assess.plan_file import Change, write_plan_change

    write_plan_change(path, load_model(), action, Change(owner=owner, due=due, note=notes))


def test_plans_join_the_factor_scores_they_act_on(tmp_path: Path, model: Model) -> None:
    folder = network(model, tmp_path / "in", devices=20, seed=11)
    plans = plans_for(model, folder, tmp_path, 5)
    # A plan of a device whose assessment is not in this export: its rows are kept.
    elsewhere = plans[0].with_name("elsewhere.yaml")
    text = plans[0].read_text(encoding="utf-8")
    elsewhere.write_text(
        text.replace("organization: ", 'organization: "Elsewhere" #', 1), encoding="utf-8"
    )
    export_to(model, [folder, *plans, elsewhere], tmp_path / "out")
    con = connect(tmp_path / "out")
    loaded = [load_plan(p, model) for p in [*plans, elsewhere]]
    actions = sum(len(p.actions) for p in loaded)
    assert actions >= 6 * 2
    assert con.execute("select count(*) from plan_actions").fetchone()[0] == actions

    # Every drafted action acts on a factor below its target in the assessment it came from,
    # and carries out one of the recommendations that assessment triggered.
    joined = con.execute(
        """
        select p.plan_id, p.action, p.factor, f.score, f.gap, r.rank
        from plan_actions p
        join factor_scores f on f.assessment_id = p.assessment_id and f.factor = p.factor
             and f.role = 'all'
        join recommendations r on r.assessment_id = p.assessment_id
             and r.recommendation = p.recommendation
        """
    ).fetchall()
    assert len(joined) == actions - len(loaded[-1].actions)
    assert all(gap > 0 for *_, gap, _rank in joined)
    # The plan elsewhere: no assessment here, kept by a LEFT JOIN, with its own device.
    orphans = con.execute(
        """
        select distinct p.organization, p.device from plan_actions p
        left join assessments a using (assessment_id) where a.assessment_id is null
        """
    ).fetchall()
    assert orphans == [("Elsewhere", loaded[-1].device)]
    # Codes, not words; the drafted values as in the files.
    first = loaded[0]
    rows = con.execute(
        "select action, phase, phase_start, factor, recommendation, questions, reach, status, "
        "due, created, based_on from plan_actions where source = ? order by action",
        [str(plans[0])],
    ).fetchall()
    phases = {p.id: p.start for p in first.phases}
    assert rows == [
        (
            a.id,
            a.phase,
            phases[a.phase],
            a.factor,
            a.recommendation,
            ";".join(a.questions),
            a.reach,
            "planned",
            None,
            dt.date(2026, 12, 1),
            first.based_on.date,
        )
        for a in first.actions
    ]
    header = con.execute("describe plan_actions").fetchall()
    assert not {"owner", "notes", "title"} & {r[0] for r in header}


def test_plan_owners_and_notes_only_with_notes(tmp_path: Path, model: Model) -> None:
    (plan,) = plans_for(model, EXAMPLES / "worked-example.yaml", tmp_path, 1)
    set_owner(plan, "A01", "=Marie Dupont", notes="called Marie on Monday")
    inputs = [EXAMPLES / "worked-example.yaml", plan]
    export_to(model, inputs, tmp_path / "plain")
    for table in (tmp_path / "plain").glob("*.csv"):
        text = table.read_text(encoding="utf-8")
        assert "Marie" not in text, table.name
    export_to(model, inputs, tmp_path / "notes", notes=True)
    with (tmp_path / "notes" / "plan_actions.csv").open(encoding="utf-8") as handle:
        rows = {r["action"]: r for r in csv.DictReader(handle)}
    assert rows["A01"]["owner"] == "'=Marie Dupont"  # a formula never runs in a spreadsheet
    assert rows["A01"]["notes"] == "called Marie on Monday"
    assert rows["A02"]["owner"] == rows["A02"]["notes"] == ""
    assert rows["A01"]["title"] == load_plan(plan, model).actions[0].title


def stakeholders(tmp_path: Path, beneficiaries: int) -> list[Path]:
    """The seven-respondent example with only the first ``beneficiaries`` beneficiaries."""
    folder = EXAMPLES / "valcourt-stakeholders"
    keep = [p for p in sorted(folder.glob("*.yaml")) if "beneficiary" not in p.name]
    keep += sorted(folder.glob("beneficiary-*.yaml"))[:beneficiaries]
    return keep


def test_a_role_under_its_minimum_is_in_no_table(tmp_path: Path, model: Model) -> None:
    inputs = stakeholders(tmp_path, beneficiaries=2)
    export_to(model, inputs, tmp_path / "out", notes=True)
    out = tmp_path / "out"
    text = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.csv")}
    for name in ("factor_scores.csv", "answers.csv", "recommendations.csv", "field_scores.csv"):
        assert "beneficiary" not in text[name], name
    (row,) = list(csv.DictReader(text["assessments.csv"].splitlines()))
    assert row["roles"] == "manager;partner"
    assert row["respondents"] == "3"
    assert row["respondents_beneficiary"] == ""  # hidden, not 0
    assert row["files_left_out"] == "2"
    assert "beneficiary" not in row["source_files"]
    # The notes of the beneficiaries never reach the answers table.
    assert "They helped me find a room" not in text["answers.csv"]

    # With three, they are shown: their rows and their answers are there.
    export_to(model, stakeholders(tmp_path, beneficiaries=3), tmp_path / "out3")
    con = connect(tmp_path / "out3")
    assert (
        con.execute(
            "select count(distinct respondent) from answers where role = 'beneficiary'"
        ).fetchone()[0]
        == 3
    )
    assert con.execute(
        "select respondents_beneficiary, files_left_out from assessments"
    ).fetchone() == (3, 0)


def test_role_rows_are_the_role_means_of_the_report(tmp_path: Path, model: Model) -> None:
    inputs = stakeholders(tmp_path, beneficiaries=3)
    export_to(model, inputs, tmp_path / "out")
    con = connect(tmp_path / "out")

    report = score(model, [load_answers(p, model) for p in inputs])
    rows = con.execute(
        "select factor, role, score from factor_scores where role <> 'all'"
    ).fetchall()
    got = {(f, r): s for f, r, s in rows}
    for factor in report.factors:
        for role, value in factor.by_role.items():
            if (factor.id, role) in got:
                assert (
                    got[factor.id, role] == pytest.approx(value)
                    if value is not None
                    else (got[factor.id, role] is None)
                )
    divergences = dict(
        con.execute("select factor, divergence from factor_scores where role = 'all'").fetchall()
    )
    assert divergences == {f.id: f.divergence for f in report.factors}


def test_notes_only_with_notes(tmp_path: Path, model: Model) -> None:
    example = EXAMPLES / "valcourt-pathways.yaml"
    export_to(model, [example], tmp_path / "plain")
    header = (tmp_path / "plain" / "answers.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "note" not in header.split(",")
    export_to(model, [example], tmp_path / "notes", notes=True)
    answers = load_answers(example, model).answers
    noted = {qid: a.note for qid, a in answers.items() if a.note}
    assert noted, "the example has notes"
    con = connect(tmp_path / "notes")
    got = dict(con.execute("select question, note from answers where note is not null").fetchall())
    assert got == noted


def test_codebook_lists_every_column_of_every_table(tmp_path: Path, model: Model) -> None:
    out = tmp_path / "out"
    export_to(model, [EXAMPLES, *plans_for(model, EXAMPLES, tmp_path, 2)], out, notes=True)
    with (out / "codebook.csv").open(encoding="utf-8") as handle:
        book = list(csv.DictReader(handle))
    assert list(book[0]) == list(CODEBOOK_COLUMNS)
    documented: dict[str, list[str]] = {}
    for row in book:
        documented.setdefault(row["table"], []).append(row["column"])
        assert row["description"], row
        assert row["type"] in {"string", "integer", "double", "date"}
    tables = sorted(p.stem for p in out.glob("*.csv") if p.stem != "codebook")
    assert sorted(documented) == tables
    for table in tables:
        header = (out / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == documented[table], table
    markdown = (out / "codebook.md").read_text(encoding="utf-8")
    for table, columns in documented.items():
        assert f"## {table}" in markdown
        for column in columns:
            assert f"| {column} |" in markdown


def test_types_duckdb_infers_are_the_codebook_types(tmp_path: Path, model: Model) -> None:
    out = tmp_path / "out"
    plans = plans_for(model, EXAMPLES, tmp_path, 3)
    set_owner(plans[0], "A01", "Language coordinator", due="2027-01-31")
    export_to(model, [EXAMPLES, *plans], out, notes=True)
    con = connect(out)
    sql_type = {"string": "VARCHAR", "integer": "BIGINT", "double": "DOUBLE", "date": "DATE"}
    with (out / "codebook.csv").open(encoding="utf-8") as handle:
        book = list(csv.DictReader(handle))
    for table in {row["table"] for row in book}:
        described = {r[0]: r[1] for r in con.execute(f"describe {table}").fetchall()}
        for row in book:
            if row["table"] != table:
                continue
            got = described[row["column"]]
            # A column with no value at all in this sample is read as text; ints may be narrower.
            assert (
                got == sql_type[row["type"]]
                or got in {"VARCHAR", "INTEGER"}
                and row["type"] in {"integer", "string", "double"}
            ), (table, row["column"], got)


def hostile(tmp_path: Path, model: Model) -> Path:
    questionnaire = model.questionnaire_for("manager")
    assert questionnaire is not None
    lines = [
        "format: profint-answers/1",
        "questionnaire: self-assessment",
        'model: {id: profint, version: "2.0"}',
        'organization: "=HYPERLINK(\\"http://x\\",\\"click\\")"',
        'device: "-2+3"',
        "respondent: {role: manager}",
        "date: 2026-05-01",
        "answers:",
        '  F01.Q1: {value: 3, note: "@SUM(A1:A9); see \\"file\\""}',
        "  F01.Q2: 1",
    ]
    path = tmp_path / "in" / "hostile.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_cells_cannot_run_as_formulas(tmp_path: Path, model: Model) -> None:
    path = hostile(tmp_path, model)
    export_to(model, [path], tmp_path / "out", notes=True)
    out = tmp_path / "out"
    (row,) = list(csv.DictReader((out / "assessments.csv").open(encoding="utf-8")))
    assert row["organization"] == '\'=HYPERLINK("http://x","click")'
    assert row["device"] == "'-2+3"
    assert float(row["overall_score"]) == pytest.approx(50.0)  # (75 + 25) / 2: a number
    notes = [r["note"] for r in csv.DictReader((out / "answers.csv").open(encoding="utf-8"))]
    assert '\'@SUM(A1:A9); see "file"' in notes
    # The id joins the tables whatever the name: it is computed from the original text.
    key = ('=HYPERLINK("http://x","click")', "-2+3", dt.date(2026, 5, 1))
    assert row["assessment_id"] == assessment_id(key)


@pytest.mark.parametrize("excel", [False, True], ids=["csv", "excel"])
def test_code_tables_are_written_as_csv_writer_writes_them(
    tmp_path: Path, model: Model, monkeypatch: pytest.MonkeyPatch, excel: bool
) -> None:
    """Tables without free text skip csv.writer (one f-string per row): the same bytes, and
    their text columns hold only codes, which need no quoting nor formula guard."""
    import re

    from profint_assess import tables as tables_module

    folder = network(model, tmp_path / "in", devices=12, seed=8)
    inputs = [folder, EXAMPLES, *plans_for(model, EXAMPLES, tmp_path, 2)]
    export_to(model, inputs, tmp_path / "fast", excel=excel)
    monkeypatch.setattr(tables_module, "_line_writer", lambda table, excel: None)
    export_to(model, inputs, tmp_path / "csv", excel=excel)
    for path in sorted((tmp_path / "csv").iterdir()):
        assert (tmp_path / "fast" / path.name).read_bytes() == path.read_bytes(), path.name
    code = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/;-]*$")
    for table in tables(model):
        columns = [c.name for c in table.columns if c.type == "string" and not c.free]
        with (tmp_path / "csv" / f"{table.name}.csv").open(encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle, delimiter=";" if excel else ","))
        assert rows, table.name
        for row in rows:
            for column in columns:
                assert row[column] == "" or code.match(row[column]), (table.name, row[column])


def test_excel_variant_semicolons_bom_decimal_comma(tmp_path: Path, model: Model) -> None:
    out = tmp_path / "out"
    export_to(model, [EXAMPLES / "worked-example.yaml"], out, excel=True)
    raw = (out / "assessments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    header, row = text.splitlines()[:2]
    assert header.startswith("assessment_id;organization;device;date;")
    cells = dict(zip(header.split(";"), row.split(";"), strict=True))
    # The worked example's 52.08 (156.25 / 3; scores are kept to 9 decimals), decimal comma.
    assert cells["overall_score"] == str(round(156.25 / 3, 9)).replace(".", ",")
    assert cells["organization"] == "Worked Example Association"
    # DuckDB (and so a spreadsheet set for a decimal comma) reads the numbers back exactly.
    con = duckdb.connect()
    got = con.execute(
        f"select overall_score from read_csv('{out / 'assessments.csv'}', delim=';', "
        "decimal_separator=',')"
    ).fetchone()[0]
    assert got == pytest.approx(156.25 / 3)


def test_parquet_holds_the_same_tables(tmp_path: Path, model: Model) -> None:
    pytest.importorskip("pyarrow")
    folder = network(model, tmp_path / "in", devices=12, seed=5)
    export_to(model, [folder], tmp_path / "csv", notes=True)
    export_to(model, [folder], tmp_path / "pq", file_format="parquet", notes=True)
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == [
        "answers.parquet",
        "assessments.parquet",
        "codebook.csv",
        "codebook.md",
        "factor_scores.parquet",
        "field_scores.parquet",
        "learning_answers.parquet",
        "plan_actions.parquet",
        "recommendations.parquet",
    ]
    from_csv, from_parquet = connect(tmp_path / "csv"), connect(tmp_path / "pq", "parquet")
    for table in ("assessments", "field_scores", "factor_scores", "answers", "recommendations"):
        order = "order by all"
        a = from_csv.execute(f"select * from {table} {order}").fetchall()
        b = from_parquet.execute(f"select * from {table} {order}").fetchall()
        assert a == b, table
    types = {row[0]: row[1] for row in from_parquet.execute("describe answers").fetchall()}
    assert types["value"] == "BIGINT" and types["note"] == "VARCHAR"


def test_parquet_without_pyarrow_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(UsageError) as caught:
        require_pyarrow()
    assert caught.value.exit_code == 2
    assert "pip install 'profint-assess[parquet]'" in str(caught.value)


def test_an_interrupted_export_leaves_the_previous_tables(tmp_path: Path, model: Model) -> None:
    out = tmp_path / "out"
    export_to(model, [EXAMPLES / "worked-example.yaml"], out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    collected = Export(model)
    for path in expand_answer_paths([EXAMPLES]):
        collected.add(load_any_answers(path, model), str(path))

    def interrupt_after_first(files: TableFiles) -> None:
        for i, _ in enumerate(collected.write(files)):
            if i == 1:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), TableFiles(out, collected.tables) as files:
        interrupt_after_first(files)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temporary file left


def test_assessment_ids_are_stable_and_distinct() -> None:
    a = assessment_id(("Org", "Dev", dt.date(2026, 1, 1)))
    assert a == assessment_id(("Org", "Dev", dt.date(2026, 1, 1)))
    assert len(a) == 16 and a[0] == "a" and int(a[1:], 16) >= 0
    others: list[Callable[[], str]] = [
        lambda: assessment_id(("Org", "Dev", dt.date(2026, 1, 2))),
        lambda: assessment_id(("OrgD", "ev", dt.date(2026, 1, 1))),
        lambda: assessment_id(("Org", "Dev2", dt.date(2026, 1, 1))),
    ]
    assert len({a, *(f() for f in others)}) == 4


def readme_sql() -> list[str]:
    """The SQL blocks of the README's "Analysing a network" section."""
    from tests.conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Analysing a network", 1)[1].split("\n## ", 1)[0]
    section = section.split("\n### ", 1)[0]
    return [block.split("```", 1)[0] for block in section.split("```sql\n")[1:]]


def test_the_readme_queries_run_on_an_export(
    tmp_path: Path, model: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = readme_sql()
    assert len(queries) >= 5
    folder = network(model, tmp_path / "in", devices=30, seed=11)
    # A second assessment of some devices, later: the progress query has something to show.
    for path in sorted(folder.rglob("*.yaml"))[:8]:
        text = path.read_text(encoding="utf-8").replace("date: 2026-", "date: 2027-")
        (path.parent / f"later-{path.name}").write_text(text, encoding="utf-8")
    plans = plans_for(model, folder, tmp_path, 4)
    set_owner(plans[0], "A01", "Coordinator", due="2026-06-30")
    export_to(model, [folder, *plans], tmp_path / "network")
    monkeypatch.chdir(tmp_path)
    con = duckdb.connect()
    results = [con.execute(query).fetchall() for query in queries]
    weakest_first = results[0]
    assert len(weakest_first) == len(model.factors)
    means = [row[2] for row in weakest_first]
    assert means == sorted(means)
    assert results[1], "some devices have both managers and beneficiaries shown"
    assert len(results[2]) == 10 and len(results[3]) == 10
    assert results[4] and all(row[4] is not None for row in results[4])
    actions = sum(len(load_plan(p, model).actions) for p in plans)
    assert sum(row[1] for row in results[5]) == actions
    assert sum(row[3] for row in results[5]) == 1  # the action due 2026-06-30, still planned
    assert all(row[4] > 0 for row in results[5])  # drafted actions act on gaps
    assert (tmp_path / "network" / "answers.parquet").is_file()


# --- the command ---------------------------------------------------------------------------------


def test_export_command_writes_every_table(tmp_path: Path, cli: Callable[..., object]) -> None:
    out = tmp_path / "network"
    result = cli("export", EXAMPLES, "--to", out)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "Wrote 7 tables and the codebook to" in result.stderr  # type: ignore[attr-defined]
    assert "6 assessments from 19 answers files" in result.stderr  # type: ignore[attr-defined]
    assert sorted(p.name for p in out.iterdir()) == [
        "answers.csv",
        "assessments.csv",
        "codebook.csv",
        "codebook.md",
        "factor_scores.csv",
        "field_scores.csv",
        "learning_answers.csv",
        "plan_actions.csv",
        "recommendations.csv",
    ]
    assert result.stdout == ""  # type: ignore[attr-defined]


def test_export_reports_invalid_files_and_exports_the_others(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES / "valcourt-stakeholders", folder)
    bad = folder / "zz-bad.yaml"
    bad.write_text(
        (EXAMPLES / "worked-example.yaml")
        .read_text(encoding="utf-8")
        .replace("F01.Q2: 2", "F01.Q2: 9", 1),
        encoding="utf-8",
    )
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    # Into the inputs' own folder: the tables never replace an answers file.
    result = cli("export", folder, "--to", folder)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "zz-bad.yaml:" in result.stderr and "answers.F01.Q2.value" in result.stderr  # type: ignore[attr-defined]
    assert "1 of 7 files invalid; the others were exported" in result.stderr  # type: ignore[attr-defined]
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == before
    assert (folder / "assessments.csv").is_file()
    again = cli("export", folder, "--to", folder, "--skip-invalid")
    assert again.exit_code == 0  # type: ignore[attr-defined]
    assert "export: skipped 1 invalid of 7 files" in again.stderr  # type: ignore[attr-defined]


def test_export_reads_plans_among_its_inputs(
    tmp_path: Path, cli: Callable[..., object], model: Model
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES / "valcourt-stakeholders", folder)
    (plan,) = plans_for(model, folder, folder, 1)  # in a sub-folder of the inputs
    bad = folder / "plans" / "bad-plan.yaml"
    bad.write_text(
        plan.read_text(encoding="utf-8").replace(
            "    status: planned\n", "    status: finished\n", 1
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = cli("export", folder, "--to", out)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    line = next(
        i
        for i, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1)
        if "finished" in text
    )
    assert f"bad-plan.yaml:{line}: actions.0.status: must be one of" in result.stderr  # type: ignore[attr-defined]
    assert "1 of 8 files invalid; the others were exported" in result.stderr  # type: ignore[attr-defined]
    assert "1 assessment from 6 answers files" in result.stderr  # type: ignore[attr-defined]
    with (out / "plan_actions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["action"] for r in rows] == [a.id for a in load_plan(plan, model).actions]
    with (out / "assessments.csv").open(encoding="utf-8") as handle:
        (assessment,) = list(csv.DictReader(handle))
    assert {r["assessment_id"] for r in rows} == {assessment["assessment_id"]}
    assert "plan-0.yaml" not in assessment["source_files"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "parquet", "--excel"], "--excel: applies to CSV only"),
        (["--to", "FILE"], "is a file, not a folder"),
    ],
)
def test_export_usage_errors(
    tmp_path: Path, cli: Callable[..., object], args: list[str], message: str
) -> None:
    pytest.importorskip("pyarrow")
    file = tmp_path / "file.txt"
    file.write_text("x", encoding="utf-8")
    args = [str(file) if a == "FILE" else a for a in args]
    if "--to" not in args:
        args += ["--to", str(tmp_path / "out")]
    result = cli("export", EXAMPLES / "worked-example.yaml", *args)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "out").exists()


def test_parquet_is_refused_clearly_without_pyarrow(tmp_path: Path) -> None:
    import os
    import subprocess

    from tests.conftest import ROOT

    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "pyarrow.py").write_text("raise ImportError('no pyarrow here')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), str(ROOT)])}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "profint_assess",
            "export",
            str(EXAMPLES),
            "--to",
            str(tmp_path / "out"),
            "--format",
            "parquet",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "--format parquet needs pyarrow, which is not installed; install it with: "
        "pip install 'profint-assess[parquet]' (or use --format csv)"
    )
    assert not (tmp_path / "out").exists()


def test_ctrl_c_leaves_the_folder_as_it_was(
    tmp_path: Path, cli: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert cli("export", EXAMPLES / "worked-example.yaml", "--to", out).exit_code == 0  # type: ignore[attr-defined]
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def interrupted(self: Export, writer: object) -> object:
        yield None
        raise KeyboardInterrupt

    monkeypatch.setattr(Export, "write", interrupted)
    result = cli("export", EXAMPLES, "--to", out)
    assert result.exit_code == 130  # type: ignore[attr-defined]
    assert f"interrupted; {out} was not changed" in result.stderr  # type: ignore[attr-defined]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_learning_answers_only_for_a_device_with_three_grid_respondents(
    tmp_path: Path, model: Model
) -> None:
    grid = EXAMPLES / "learning-grid"
    beneficiaries = sorted(grid.glob("beneficiary-*.yaml"))
    expected = sum(
        1
        for path in beneficiaries
        for answer in load_any_answers(path, model).answers.values()
        if answer.progress is not None or answer.importance is not None
    )
    export_to(model, [grid], tmp_path / "all")
    con = duckdb.connect()
    table = str(tmp_path / "all" / "learning_answers.csv")
    rows = con.execute(
        f"select count(*), count(distinct respondent), min(importance), max(importance) "
        f"from '{table}'"
    ).fetchone()
    assert rows == (expected, len(beneficiaries), 1, 3)
    # Two grid respondents only: below the beneficiaries' minimum, none of their answers leaves.
    two = tmp_path / "two"
    two.mkdir()
    for path in beneficiaries[:2]:
        shutil.copy(path, two / path.name)
    export_to(model, [two], tmp_path / "few")
    lines = (tmp_path / "few" / "learning_answers.csv").read_text(encoding="utf-8").splitlines()
    assert lines == [",".join(c.name for c in _learning_columns(model))]


def _learning_columns(model: Model) -> tuple:
    return next(t for t in tables(model) if t.name == "learning_answers").columns


def test_export_never_replaces_an_input(tmp_path: Path, cli: Callable[..., object]) -> None:
    out = tmp_path / "network"
    out.mkdir()
    precious = out / "answers.csv"
    precious.write_text("someone's own table\n", encoding="utf-8")
    result = cli("export", EXAMPLES / "worked-example.yaml", precious, "--to", out)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "would replace the input" in result.stderr  # type: ignore[attr-defined]
    assert precious.read_text(encoding="utf-8") == "someone's own table\n"
    assert sorted(p.name for p in out.iterdir()) == ["answers.csv"]


def test_a_draft_beside_its_complete_file_and_conflicting_targets_as_batch(
    tmp_path: Path, cli: Callable[..., object]
) -> None:
    source = (EXAMPLES / "worked-example.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    # One manager's draft and complete file: only the complete one counts (as batch does).
    (folder / "a-draft.yaml").write_text(source, encoding="utf-8")
    complete = source.replace("status: in-progress", "status: complete")
    (folder / "b-final.yaml").write_text(complete, encoding="utf-8")
    # Another assessment whose two files set different targets: invalid, the rest exported.
    other = complete.replace("date: 2026-11-28", "date: 2026-12-01")
    (folder / "c.yaml").write_text(other + "target: 60\n", encoding="utf-8")
    (folder / "d.yaml").write_text(other + "target: 80\n", encoding="utf-8")
    out = tmp_path / "network"
    result = cli("export", folder, "--to", out)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    stderr = " ".join(result.stderr.split())  # type: ignore[attr-defined]
    assert "an in-progress copy and a complete file; kept the complete one" in stderr
    assert "its 2 files set different targets" in stderr
    con = duckdb.connect()
    rows = con.execute(
        f"select date, status, respondents, source_files from '{out / 'assessments.csv'}'"
    ).fetchall()
    assert rows == [(dt.date(2026, 11, 28), "complete", 1, str(folder / "b-final.yaml"))]
    respondents = con.execute(f"select distinct respondent from '{out / 'answers.csv'}'").fetchall()
    assert respondents == [(1,)]
