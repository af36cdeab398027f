"""Writing the export's tables to a folder: CSV (UTF-8, or the Excel variant) or Parquet.

Each table is written to a temporary file beside its final name and renamed over it only when
every table is complete (:meth:`TableFiles.commit`): an interrupted or failed export leaves the
previous tables, never a partial one. Rows arrive in batches and are written as they come, so
memory does not grow with the number of rows.

- CSV: UTF-8, ``,``-separated, ``\\n`` line ends, a header row; numbers at full precision (the
  shortest text that reads back to the same double), empty for a missing value.
- ``excel=True``: the variant French and Italian spreadsheets open with a double click:
  ``;``-separated, a byte-order mark, ``\\r\\n`` line ends, decimal comma.
- Text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a leading
  ``'`` (the rule of every CSV of the project, :func:`profint_assess.report.csv.cell`), so that a
  spreadsheet shows them instead of running a formula.
  Numbers are written as numbers and never touched.
- Parquet (``pyarrow``, the ``parquet`` extra): typed columns (string, int64, double, date32).
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from profint_assess.errors import Problem, ProfintError, UsageError
from profint_assess.export import Row, Table
from profint_assess.i18n import _
from profint_assess.report.csv import FORMULA_STARTS, cell

PARQUET_ROWS = 65_536  # rows per Parquet row group: bounded memory, efficient scans


def require_pyarrow() -> None:
    """Refuse Parquet, with the way to get it, when pyarrow is not installed (exit 2)."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise UsageError(
            _(
                "--format parquet needs pyarrow, which is not installed; install it with: "
                "pip install 'profint-assess[parquet]' (or use --format csv)"
            )
        ) from None


class TableFiles:
    """The tables of one export, written into ``folder``; commit() makes them visible.

    Use as a context manager: leaving it by an exception (Ctrl-C included) removes every
    temporary file and leaves ``folder`` as it was.
    """

    def __init__(
        self,
        folder: Path,
        tables: Sequence[Table],
        file_format: str = "csv",
        *,
        excel: bool = False,
    ) -> None:
        self.folder = Path(folder)
        self.file_format = file_format
        self.excel = excel
        self._tables = {t.name: t for t in tables}
        self._pending: list[tuple[str, Path]] = []  # (temporary, final)
        self._writers: dict[str, Any] = {}
        for table in tables:
            final = self.folder / f"{table.name}.{file_format}"
            if file_format == "parquet":
                tmp = self._temporary(final)
                self._writers[table.name] = _ParquetTable(tmp, table)
            else:
                handle = self._open_text(final)
                self._writers[table.name] = _CsvTable(handle, table, excel)

    # --- files ---

    def _temporary(self, final: Path) -> str:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=self.folder)
        except OSError as exc:
            raise self._unwritable(final, exc) from None
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # noqa: PTH101 - mkstemp makes it private; tables are shared
        self._pending.append((tmp, final))
        return tmp

    def _open_text(self, final: Path) -> TextIO:
        tmp = self._temporary(final)
        encoding = "utf-8-sig" if self.excel else "utf-8"
        return Path(tmp).open("w", encoding=encoding, newline="")

    @staticmethod
    def _unwritable(path: Path, exc: OSError) -> ProfintError:
        return ProfintError(
            [
                Problem(
                    str(path),
                    _("cannot be written: {reason}").format(reason=exc.strerror or exc),
                )
            ]
        )

    # --- rows ---

    def write(self, table: str, rows: Sequence[Row]) -> None:
        """Append rows to a table (tuples in its column order)."""
        if rows:
            self._writers[table].write(rows)

    def write_text(self, name: str, text: str) -> None:
        """A whole small file (the Markdown codebook), committed with the tables."""
        final = self.folder / name
        tmp = self._temporary(final)
        Path(tmp).write_text(text, encoding="utf-8")

    def write_csv(self, name: str, header: Sequence[str], rows: Sequence[Row]) -> None:
        """A whole small CSV (the codebook), in the same variant as the tables."""
        final = self.folder / name
        handle = self._open_text(final)
        with handle:
            writer = _csv_writer(handle, self.excel)
            writer.writerow(header)
            writer.writerows([tuple(cell(c) for c in row) for row in rows])

    def commit(self) -> list[Path]:
        """Finish every table and rename them all into place; return the paths written."""
        try:
            for writer in self._writers.values():
                writer.close()
            for tmp, _final in self._pending:
                with Path(tmp).open("rb+") as handle:
                    os.fsync(handle.fileno())
            for tmp, final in self._pending:
                Path(tmp).replace(final)
        except OSError as exc:
            self.abort()
            raise self._unwritable(self.folder, exc) from None
        written = [final for _, final in self._pending]
        self._pending = []
        return written

    def abort(self) -> None:
        """Remove every temporary file; the folder keeps what it had."""
        for writer in self._writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        for tmp, _final in self._pending:
            Path(tmp).unlink(missing_ok=True)
        self._pending = []

    def __enter__(self) -> TableFiles:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is not None or self._pending:
            self.abort()


def _csv_writer(handle: TextIO, excel: bool) -> Any:
    if excel:
        return csv.writer(handle, delimiter=";", lineterminator="\r\n")
    return csv.writer(handle, lineterminator="\n")


def _comma(value: object) -> object:
    return str(value).replace(".", ",") if isinstance(value, float) else value


def _excel_double(value: object) -> str:
    return "" if value is None else str(value).replace(".", ",")


def _line_writer(table: Table, excel: bool) -> Callable[[Row], str]:
    """One row as a CSV line, for a table with no free text: a function compiled once.

    Its cells are codes (validated ids, levels, statuses: never a separator, a quote, a line
    break or a formula start), numbers and dates, so they need no quoting; one f-string per row
    writes them about three times faster than ``csv.writer``, and the same text (a test compares
    both). None is an empty cell; a double is its shortest repr (with a decimal comma for Excel).
    """
    cells = []
    for i, column in enumerate(table.columns):
        if excel and column.type == "double":
            cells.append(f"{{_excel_double(r[{i}])}}")
        else:
            cells.append(f"{{'' if r[{i}] is None else r[{i}]}}")
    separator, end = (";", "\\r\\n") if excel else (",", "\\n")
    source = f'def line(r):\n    return f"{separator.join(cells)}{end}"\n'
    namespace: dict[str, Any] = {"_excel_double": _excel_double}
    exec(compile(source, f"<csv line of {table.name}>", "exec"), namespace)  # noqa: S102
    return namespace["line"]


class _CsvTable:
    def __init__(self, handle: TextIO, table: Table, excel: bool) -> None:
        self._handle = handle
        self._writer = _csv_writer(handle, excel)
        self._writer.writerow(table.column_names)
        # Free text (names, notes, file names) as every CSV of the project (report.csv.cell);
        # codes never start with a formula character, so only free-text columns are checked.
        self._text = [i for i, c in enumerate(table.columns) if c.free]
        self._doubles = (
            [i for i, c in enumerate(table.columns) if c.type == "double"] if excel else []
        )
        self._line = None if self._text else _line_writer(table, excel)

    def write(self, rows: Sequence[Row]) -> None:
        if self._line is not None:
            self._handle.write("".join(map(self._line, rows)))
            return
        fixed = []
        for row in rows:
            cells = list(row)
            for i in self._text:
                value = cells[i]
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cells[i] = "'" + value
            for i in self._doubles:
                cells[i] = _comma(cells[i])
            fixed.append(cells)
        self._writer.writerows(fixed)

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.close()


class _ParquetTable:
    _TYPES = {"string": "string", "integer": "int64", "double": "float64", "date": "date32"}

    def __init__(self, path: str, table: Table) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self._schema = pa.schema(
            [pa.field(c.name, getattr(pa, self._TYPES[c.type])()) for c in table.columns]
        )
        self._writer: Any = pq.ParquetWriter(path, self._schema)
        self._rows: list[Row] = []
        self._width = len(table.columns)

    def write(self, rows: Sequence[Row]) -> None:
        self._rows.extend(rows)
        if len(self._rows) >= PARQUET_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        pa = self._pa
        # Rows to columns in Arrow's C++ (a struct array of the tuples), not in Python.
        rows = pa.array(self._rows, type=pa.struct(self._schema))
        self._writer.write_batch(pa.RecordBatch.from_struct_array(rows))
        self._rows = []

    def close(self) -> None:
        if self._writer is not None:
            self._flush()
            self._writer.close()
            self._writer = None
