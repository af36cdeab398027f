"""Command-line values converted without pydantic, so that a command starts fast.

Typer 0.29 converts every parameter's value through a pydantic ``TypeAdapter`` that it builds,
per parameter, the first time a command runs (``typer._coercion.build_runtime_param``). A run
therefore imports pydantic (longer than importing Typer itself) and builds an adapter for
every option of the command: more time than a one-file ``score`` spends on its own work.

Our parameters are all of a few plain kinds: text, whole and decimal numbers (with a minimum
at most), paths, a choice among an Enum's values, lists of those, and flags. For these,
:func:`install` gives Typer a converter that accepts and refuses the same values as its
adapters, with the same messages: ``Invalid value for '--jobs': Input should be greater than
or equal to 1`` (exit 2). A wrong choice reads a little plainer, ``'xml' is not one of
'terminal', 'json', ...`` without pydantic's ``Value error,`` prefix. Any other kind (dates,
files, tuples, literals, custom parsers, clamped ranges) still goes to Typer's
own converter, which then imports pydantic as before. ``tests/test_cli_conversion.py`` runs
both converters over every parameter of the CLI and checks they agree.

Why this way. The conversion is the only part of Typer that needs pydantic, and Typer gets it
from one method, ``_TyperParameter.get_runtime_param``, called lazily per parameter. Replacing
that one method keeps every other behaviour of Typer as shipped (parsing, help, error layout,
exit codes). It is a private hook, so :func:`install` first checks that Typer has the shape we
know (the method, the fields of ``RuntimeParam``, the choice and path helpers) and otherwise
changes nothing, and a parameter whose description it does not recognise goes to Typer's own:
a future Typer could make us slower, never wrong. The alternatives were worse: a ``parser=``
on every option still goes through an adapter in Typer 0.29 (which has no ``click_type=``);
parsing ``sys.argv`` by hand for the fast commands would duplicate the CLI's definition;
pinning an older Typer or leaving Typer for Click alone is a larger change than this module.
"""

from __future__ import annotations

import dataclasses
import enum
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args, get_origin

Convert = Callable[[Any, Any, Any], Any]  # (value, param, ctx) -> converted value


def install() -> bool:
    """Make Typer convert plain parameters without pydantic; False if Typer is not as expected."""
    try:
        from typer import _param_types, core
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
    except ImportError:
        return False
    cls = getattr(core, "_TyperParameter", None)
    original = getattr(cls, "get_runtime_param", None)
    helpers = ("coerce_cli_choice", "coerce_cli_path")
    if original is None or not all(hasattr(_param_types, name) for name in helpers):
        return False
    # The runtime contract we subclass: its fields, and the method that calls ours.
    fields = (
        [f.name for f in dataclasses.fields(RuntimeParam)]
        if dataclasses.is_dataclass(RuntimeParam)
        else []
    )
    if fields != ["parameter_info", "annotation"] or not callable(
        getattr(RuntimeParam, "coerce", None)
    ):
        return False
    if getattr(original, "_profint_plain", False):
        return True

    class PlainParam(RuntimeParam):  # type: ignore[misc, valid-type]
        """Typer's runtime conversion contract, with our converter instead of an adapter."""

        def __init__(self, parameter_info: Any, annotation: Any, convert: Convert) -> None:
            super().__init__(parameter_info=parameter_info, annotation=annotation)
            object.__setattr__(self, "convert", convert)  # RuntimeParam is a frozen dataclass

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value, param, ctx)
            except ValueError as exc:
                raise BadParameter(str(exc), ctx=ctx, param=param) from None

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            descriptor = getattr(self, "type_descriptor", None)
            annotation = getattr(descriptor, "annotation", None)
            info = getattr(descriptor, "parameter_info", None)
            convert = None
            if info is not None and getattr(descriptor, "file_annotation", None) is None:
                convert = converter(annotation, info)
            if convert is None:
                return original(self)  # Typer's own, as shipped
            self._runtime_param = PlainParam(info, annotation, convert)
        return self._runtime_param

    get_runtime_param._profint_plain = True  # type: ignore[attr-defined]
    cls.get_runtime_param = get_runtime_param  # type: ignore[union-attr]
    return True


def converter(annotation: Any, info: Any) -> Convert | None:
    """Our converter for a parameter of this annotation and options, or None: Typer's own."""
    if getattr(info, "parser", None) is not None:
        return None
    if get_origin(annotation) is list:
        args = get_args(annotation)
        convert_item = converter(args[0], info) if len(args) == 1 else None
        if convert_item is None:
            return None

        def convert_list(value: Any, param: Any, ctx: Any) -> list[Any]:
            items = value if isinstance(value, (list, tuple)) else [value]
            return [convert_item(item, param, ctx) for item in items]

        return convert_list
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation in (int, float):
        if getattr(info, "clamp", False):
            return None
        return _number(annotation, getattr(info, "min", None), getattr(info, "max", None))
    if annotation is Path and getattr(info, "path_type", None) in (None, Path):
        return _path(info)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return _choice(annotation, bool(getattr(info, "case_sensitive", True)))
    return None


def _text(value: Any, param: Any, ctx: Any) -> str:
    if isinstance(value, bytes):
        # As Typer: the bytes of an argument in the encoding the arguments came in.
        try:
            return value.decode(sys.getfilesystemencoding())
        except UnicodeError:
            return value.decode("utf-8", "replace")
    return value if type(value) is str else str(value)


# What pydantic reads as a boolean (a flag's value is a bool; a string only from the environment).
_TRUE = frozenset(("1", "on", "t", "true", "y", "yes"))
_FALSE = frozenset(("", "0", "off", "f", "false", "n", "no"))


def _flag(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return bool(value)
        if isinstance(value, float) and not value.is_integer():
            raise ValueError("Input should be a valid boolean")
    elif isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    else:
        raise ValueError("Input should be a valid boolean")
    raise ValueError("Input should be a valid boolean, unable to interpret input")


def _number(kind: type, low: float | None, high: float | None) -> Convert:
    """An int or float as pydantic reads one: ASCII digits, ``_`` separators, ``7.0`` an int."""
    what, unparsable = ("integer", "an integer") if kind is int else ("number", "a number")

    def parse(text: str) -> Any:
        stripped = text.strip()
        if not stripped.isascii():
            raise ValueError
        if kind is float and "_" in stripped and stripped != text:
            raise ValueError  # pydantic reads "1_0" and " 10" as numbers, not " 1_0"
        text = stripped
        if kind is float:
            return float(text)
        try:
            return int(text)
        except ValueError:
            whole, dot, zeros = text.partition(".")
            if dot and zeros and not zeros.strip("0") and whole == whole.strip():
                return int(whole)
            raise

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if not isinstance(value, (str, int, float)):
            raise ValueError(f"Input should be a valid {what}")
        if isinstance(value, str):
            try:
                number = parse(value)
            except ValueError:
                raise ValueError(
                    f"Input should be a valid {what}, unable to parse string as {unparsable}"
                ) from None
        elif kind is int and isinstance(value, float) and not value.is_integer():
            raise ValueError("Input should be a valid integer, got a number with a fractional part")
        else:
            number = kind(value)
        if low is not None and not number >= low:
            raise ValueError(f"Input should be greater than or equal to {low}")
        if high is not None and not number <= high:
            raise ValueError(f"Input should be less than or equal to {high}")
        return number

    return convert


def _path(info: Any) -> Convert:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        from typer._param_types import coerce_cli_path

        # Typer checks exists=, dir_okay=... on a Path; given one, it needs no adapter.
        if isinstance(value, Path):
            path = value
        elif isinstance(value, str) or hasattr(value, "__fspath__"):
            path = Path(value)
        else:
            raise ValueError(f"Input is not a valid path for {Path!r}")
        return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)

    return convert


def _choice(kind: type[enum.Enum], case_sensitive: bool) -> Convert:
    choices = list(kind)

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        from typer._param_types import coerce_cli_choice

        return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)

    return convert
