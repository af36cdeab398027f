"""The CLI's start-up: parameters converted without pydantic, and only the command run is built.

cli/conversion.py replaces Typer's pydantic-based conversion for our parameter kinds; these
tests hold it to Typer's own converter value by value, check what the user sees for a bad
value, that a parse imports no pydantic, and that Typer as shipped takes over when its
internals are not the shape we know. cli.app_for gives a run only the command it calls; the
tests check it answers exactly as the whole app does.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.testing import CliRunner

from profint_assess.cli import app, app_for, conversion
from tests.conftest import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
WORKED = EXAMPLES / "worked-example.yaml"

# What a user may type for any kind of parameter, and what Click may hand over.
VALUES: list[Any] = [
    *(
        "1",
        "0",
        "-1",
        "100",
        "+5",
        "01",
        "-0",
        " 4 ",
        "\t5\n",
        "1_000",
        "_1",
        "1__0",
        " 1_0",
        "1_0 ",
    ),
    *(" 1_0.5 ", "\t1_000"),
    *("1.0", "1.00", "1.", "-2.0", "+3.0", " +7.000", "1_0.0", "1.0_0", "+.0", ".0", "1 .0"),
    *("1.5", "2.5", "0.5", ".5", "1e2", "1e0", "1e400", "0x10", "1,5", "1 000", "+-1", "٣"),
    *("nan", "NaN", "inf", "-inf", "infinity", "abc", "", " ", "é", "1.0.0"),
    *("terminal", "JSON", "json", "xml", "csv", "table", "-", "a.yaml", "~/x", "dir/"),
    *("True", "no", "yes", "on", "2"),
    *(None, (), [], ["1", "x"], ("a",), ("json", "csv"), True, False, 0, 1, 2, 1.5),
]


def parameters() -> Iterator[tuple[Any, Any]]:
    """(command, parameter) for every parameter of every command of the CLI."""

    def walk(command: Any) -> Iterator[tuple[Any, Any]]:
        for param in command.params:
            yield command, param
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    yield from walk(typer.main.get_command(app))


def outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    """What a runtime converter makes of ``value``: the value, or the message refusing it."""
    try:
        return "ok", runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        # A wrong choice: pydantic prefixes the message of the ValueError; we do not.
        return "refused", exc.message.removeprefix("Value error, ")


def test_every_parameter_is_converted_as_typer_does_without_pydantic() -> None:
    checked = 0
    for command, param in parameters():
        descriptor = param.type_descriptor
        where = f"{command.name} {param.name} ({descriptor.annotation})"
        ours = conversion.converter(descriptor.annotation, descriptor.parameter_info)
        # Every kind the CLI uses is ours: none sends a run through pydantic.
        assert ours is not None, where
        typers = build_runtime_param(descriptor)
        param._runtime_param = None
        light = param.get_runtime_param()
        assert type(light).__name__ == "PlainParam", where
        ctx = Context(command)
        default = descriptor.parameter_info.default
        for value in [*VALUES, *([] if default is ... else [default])]:
            expected = outcome(typers, value, param, ctx)
            got = outcome(light, value, param, ctx)
            assert repr(got) == repr(expected), f"{where}: {value!r}"
            checked += 1
    assert checked > 5000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["score", WORKED, "--format", "xml"],
            "Invalid value for '--format' / '-f': 'xml' is not one of 'terminal', 'json',",
        ),
        (
            ["score", WORKED, "--divergence", "abc"],
            "Invalid value for '--divergence': Input should be a valid number, "
            "unable to parse string as a number",
        ),
        (
            ["score", WORKED, "--fail-under", ""],
            "Invalid value for '--fail-under': Input should be a valid number",
        ),
        (
            ["batch", WORKED, "--jobs", "0"],
            "Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1",
        ),
        (
            ["batch", WORKED, "--jobs", "2.5"],
            "Invalid value for '--jobs' / '-j': Input should be a valid integer, "
            "unable to parse string as an integer",
        ),
        (
            ["compare", WORKED, WORKED, "--threshold", "-1"],
            "Invalid value for '--threshold': Input should be greater than or equal to 0",
        ),
    ],
)
def test_a_bad_value_exits_2_naming_the_option(cli, args: list[Any], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_good_values_reach_the_command_converted(cli) -> None:
    result = cli("batch", WORKED, "--jobs", " 2 ", "--format", "CSV")
    assert result.exit_code == 2  # CSV is not a name: choices are case-sensitive, as Typer's
    result = cli("score", WORKED, "--format", "json", "--divergence", "1_0.0")
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("{")


# A run that stops at the command function: what a parse converted and imported.
PARSE_ONLY = """
import functools, sys
import profint_assess.cli as cli
import profint_assess.cli.score as score

@functools.wraps(score.score)
def stop(**values):
    print(sorted(m for m in ("pydantic", "rich", "yaml") if m in sys.modules))
    print({k: repr(v) for k, v in values.items()})
    raise SystemExit(0)

for info in cli.app.registered_commands:
    if info.callback is score.score:
        info.callback = stop
sys.argv = ["profint-assess", *sys.argv[1:]]
cli.main()
"""


def run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COLUMNS": "100"},
        check=False,
    )


def test_parsing_a_command_imports_no_pydantic(tmp_path: Path) -> None:
    args = [str(WORKED), "--format", "json", "--target", "F03=90", "--fail-under", "50"]
    args += ["--divergence", "30", "-o", str(tmp_path / "r.json"), "--plain", "--lang", "fr"]
    proc = run(PARSE_ONLY, "score", *args)
    assert proc.returncode == 0, proc.stderr
    imported, shown = proc.stdout.splitlines()
    assert imported == "[]"
    values = ast.literal_eval(shown)
    assert values["fmt"] == "<ReportFormat.json: 'json'>"
    assert values["divergence"] == "30.0" and values["fail_under"] == "50.0"
    assert values["target"] == "['F03=90']" and values["plain"] == "True"
    assert values["files"] == f"[PosixPath('{WORKED}')]"
    assert values["output"] == repr(tmp_path / "r.json") and values["lang"] == "'fr'"


def test_help_imports_no_pydantic() -> None:
    code = (
        "import sys\nfrom profint_assess.cli import main\n"
        "sys.argv = ['profint-assess', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pydantic', 'rich', 'yaml') if m in sys.modules))"
    )
    for args in (["--help"], ["score", "--help"], ["model", "show", "--help"]):
        proc = run(code, *args)
        assert proc.stdout.splitlines()[-1] == "[]", args
        assert "Usage: profint-assess" in proc.stdout


BATCH, COMPARE, LEARNING = (f"profint_assess.{m}" for m in ("batch", "compare", "learning"))
HEAVY = ("rich", "jinja2", BATCH, COMPARE, LEARNING)


@pytest.mark.parametrize(
    ("fmt", "needed"),
    [
        ("json", []),
        ("markdown", []),
        ("csv", [BATCH, COMPARE, LEARNING]),
        ("terminal", ["rich"]),
    ],
)
def test_a_report_for_a_file_imports_only_what_its_format_needs(
    fmt: str, needed: list[str]
) -> None:
    # Rich is for the terminal only; batches, comparisons and learning grids for their outputs.
    code = (
        "import sys\nfrom profint_assess.cli import main\n"
        "sys.argv = ['profint-assess', *sys.argv[1:]]\n"
        "try:\n    main()\nfinally:\n"
        f"    print(sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    proc = run(code, "score", str(WORKED), "--format", fmt)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1] == repr(sorted(needed))
    assert "F01" in proc.stdout


def test_without_the_hook_typer_converts_as_shipped() -> None:
    # A Typer whose internals differ: the shape check fails and nothing is replaced.
    code = (
        "import sys, typer._coercion\n"
        "del typer._coercion.RuntimeParam\n"
        "import profint_assess.cli as cli\n"
        "from typer import core\n"
        "print(cli.conversion.install(), hasattr(core._TyperParameter.get_runtime_param, "
        "'_profint_plain'))\n"
        "sys.argv = ['profint-assess', 'score', sys.argv[1], '--format', 'xml']\n"
        "try:\n    cli.main()\nexcept SystemExit as exc:\n"
        "    print(exc.code, 'pydantic' in sys.modules)\n"
    )
    proc = run(code, str(WORKED))
    assert proc.stdout.splitlines() == ["False False", "2 True"]
    # Typer's own converter's message, through pydantic.
    assert "Value error, 'xml' is not one of 'terminal'" in proc.stderr


def test_install_leaves_a_typer_without_the_hook_alone(monkeypatch) -> None:
    from typer import core

    monkeypatch.delattr(core._TyperParameter, "get_runtime_param")
    assert conversion.install() is False
    assert not hasattr(core._TyperParameter, "get_runtime_param")


def test_install_refuses_a_runtime_contract_of_another_shape(monkeypatch) -> None:
    import dataclasses

    import typer._coercion

    @dataclasses.dataclass(frozen=True)
    class Other:
        parameter_info: Any
        annotation: Any
        strict: bool

        def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
            return value

    monkeypatch.setattr(typer._coercion, "RuntimeParam", Other)
    assert conversion.install() is False


def test_a_kind_it_does_not_know_goes_to_typers_own_converter() -> None:
    small = typer.Typer(add_completion=False)
    seen: dict[str, Any] = {}

    @small.command()
    def when(at: datetime, times: int = typer.Option(1, parser=int)) -> None:  # noqa: B008
        seen.update(at=at, times=times)

    result = CliRunner().invoke(small, ["2026-12-01", "--times", "3"])
    assert result.exit_code == 0, result.output
    assert seen == {"at": datetime(2026, 12, 1), "times": 3}
    command = typer.main.get_command(small)
    kinds = {p.name: type(p.get_runtime_param()).__name__ for p in command.params}
    assert kinds == {"at": "AdapterRuntimeParam", "times": "AdapterRuntimeParam"}
    assert CliRunner().invoke(small, ["yesterday"]).exit_code == 2


def test_install_twice_wraps_once() -> None:
    from typer import core

    method = core._TyperParameter.get_runtime_param
    assert conversion.install() is True
    assert core._TyperParameter.get_runtime_param is method


# --- only the command run is built ------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["--version"],
        ["--bogus"],
        ["scor"],
        ["score"],
        ["score", "--help"],
        ["score", "--format", "xml", "x.yaml"],
        ["batch", "--help"],
        ["model"],
        ["model", "--help"],
        ["model", "show", "--help"],
        ["model", "nope"],
        ["plan", "show", "--help"],
        ["form", "paper", "--help"],
        ["i18n", "--help"],
        ["template", "--role"],
    ],
)
def test_the_part_of_the_app_a_run_gets_answers_as_the_whole_app(args: list[str]) -> None:
    runner = CliRunner()
    whole = runner.invoke(app, args, prog_name="profint-assess")
    part = runner.invoke(app_for(args), args, prog_name="profint-assess")
    assert (part.exit_code, part.output) == (whole.exit_code, whole.output)
    assert whole.output  # something was said (help, version or an error)


def test_a_run_builds_only_the_command_it_calls() -> None:
    score = app_for(["score", "a.yaml"])
    assert [info.callback.__name__ for info in score.registered_commands] == ["score"]
    assert score.registered_groups == []
    model = app_for(["model", "show"])
    assert model.registered_commands == [] and [g.name for g in model.registered_groups] == [
        "model"
    ]
    # The whole app is left as it was.
    assert len(app.registered_commands) > 1 and len(app.registered_groups) > 1
    assert app_for(["scor"]) is app  # Typer's "No such command" with its suggestion


def test_the_list_of_commands_never_runs_one() -> None:
    listed = app_for(["--help"])
    with pytest.raises(RuntimeError):
        listed.registered_commands[0].callback()  # type: ignore[misc]
    assert {info.name for info in listed.registered_commands} >= {"score", "batch", "export"}
    assert isinstance(listed, typer.Typer)


def test_score_reads_each_answers_file_once(cli, monkeypatch) -> None:
    from profint_assess import loading

    read: list[str] = []
    real = loading.load_any_answers

    def counted(source: Path, *args: Any, **kwargs: Any) -> Any:
        read.append(Path(source).name)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(loading, "load_any_answers", counted)
    # A questionnaire's answers and learning-grid files of the same device.
    files = sorted((EXAMPLES / "learning-grid").glob("*.yaml"))
    assert any(path.name == "manager.yaml" for path in files) and len(files) > 1
    result = cli("score", *files, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert sorted(read) == sorted(path.name for path in files)
