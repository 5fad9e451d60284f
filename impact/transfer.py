"""Reported values in and out of spreadsheets: the bulk-entry template, reading an uploaded
CSV or XLSX file, and the export of values with their breakdowns.

No database access and no rules of the domain here: the views hand in what selectors read,
and the rows read from a file are checked by `impact.services.submission_import_create`.

CSV is written the way German spreadsheet programs open it without a dialogue: UTF-8 with a
byte order mark, semicolons between cells, the decimal comma. XLSX cells hold real numbers and
dates, the header row is frozen. `file_response` sends a table as either, for every download
of a table (this app's values and the exports of the reports app alike).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from impact.progress import percentage

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# Every row is entered through the services twice (check, apply): keep a request short.
MAX_ROWS = 300
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
# Rows per piece of a streamed CSV file.
CSV_CHUNK_ROWS = 500
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Signatures of files people upload by mistake instead of a CSV or XLSX file.
_BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0", b"GIF8")
_ZIP = b"PK\x03\x04"


class TransferError(Exception):
    """The file as a whole cannot be read; `message` says why, for the upload field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Columns -------------------------------------------------------------------------------


def _fixed_headers() -> dict[str, str]:
    return {
        "indicator_id": _("Indicator ID"),
        "indicator": _("Indicator"),
        "period": _("Period"),
        "unit": _("Unit"),
        "value": _("Value"),
        "numerator": _("How many"),
        "denominator": _("Of how many"),
        "comment": _("Comment"),
    }


def _category_header(category, part: str = "") -> str:
    label = f"{category.dimension.name}: {category.label}"
    if part == "numerator":
        return _("%(category)s (how many)") % {"category": label}
    if part == "denominator":
        return _("%(category)s (of how many)") % {"category": label}
    return label


@dataclass(frozen=True)
class CategoryColumns:
    """The breakdown columns of a file: a value column per category of number and amount
    indicators, a "how many" and an "of how many" column per category of percentages."""

    value: tuple = ()
    fraction: tuple = ()

    @classmethod
    def for_indicators(cls, indicators: Iterable) -> "CategoryColumns":
        value, fraction = {}, {}
        for indicator in indicators:
            target = fraction if indicator.is_percentage else value
            for dimension in indicator.dimensions.all():
                for category in dimension.categories.all():
                    target[category.pk] = category
        order = lambda c: (c.dimension.order, c.dimension_id, c.order, c.pk)  # noqa: E731
        return cls(
            tuple(sorted(value.values(), key=order)), tuple(sorted(fraction.values(), key=order))
        )

    def headers(self) -> list[str]:
        names = [_category_header(category) for category in self.value]
        for category in self.fraction:
            names += [
                _category_header(category, "numerator"),
                _category_header(category, "denominator"),
            ]
        return names

    def cells(self, indicator, breakdowns: Iterable) -> list:
        """The breakdown of one value in the order of `headers`."""
        by_category = {row.category_id: row for row in breakdowns}
        cells = []
        for category in self.value:
            row = by_category.get(category.pk)
            cells.append(row.value if row is not None and not indicator.is_percentage else None)
        for category in self.fraction:
            row = by_category.get(category.pk)
            own = row is not None and indicator.is_percentage
            cells += [row.numerator if own else None, row.denominator if own else None]
        return cells


# --- The bulk-entry template ---------------------------------------------------------------


def template_table(tasks: Sequence) -> tuple[list[str], list[list]]:
    """Header and rows of the template: one row per reporting task (indicator, period,
    organisation), prefilled with the draft or returned value where there is one."""
    indicators = {task.indicator.pk: task.indicator for task in tasks}.values()
    columns = CategoryColumns.for_indicators(indicators)
    fixed = _fixed_headers()
    header = [
        fixed["indicator_id"],
        fixed["indicator"],
        fixed["period"],
        fixed["unit"],
        fixed["value"],
        fixed["numerator"],
        fixed["denominator"],
        *columns.headers(),
        fixed["comment"],
    ]
    rows = []
    for task in tasks:
        indicator, submission = task.indicator, task.submission
        editable = submission is not None and submission.status in {"draft", "returned"}
        unit = "%" if indicator.is_percentage else indicator.unit
        rows.append(
            [
                indicator.pk,
                indicator.name,
                task.period.label,
                unit,
                submission.value if editable else None,
                submission.numerator if editable else None,
                submission.denominator if editable else None,
                *columns.cells(indicator, submission.breakdowns.all() if editable else ()),
                submission.comment if editable else "",
            ]
        )
    return header, rows


# --- Export --------------------------------------------------------------------------------


def export_table(
    values: Iterable[Mapping],
    indicators: Iterable,
    *,
    periods: Iterable,
    status_labels: Mapping[str, str],
) -> tuple[list[str], Iterator[list]]:
    """Header and rows of the export: one row per reported value with its breakdown.

    `values` are plain dicts as `impact.selectors.submission_export_values` yields them (the
    breakdown under "breakdowns"), `indicators` come with their dimensions and categories,
    `periods` are the reporting periods the values belong to. The rows are produced while
    they are read, so that a large export streams; every text is looked up before that.
    """
    indicators = list(indicators)
    columns = CategoryColumns.for_indicators(indicators)
    header = [
        _("Indicator ID"),
        _("Indicator"),
        _("Unit"),
        _("Kind of value"),
        _("Period"),
        _("First day"),
        _("Last day"),
        _("Organisation"),
        _("Value"),
        _("How many"),
        _("Of how many"),
        _("Percentage"),
        _("Status"),
        _("Revision"),
        _("Submitted at"),
        _("Reviewed at"),
        *columns.headers(),
        _("Comment"),
    ]
    about = {
        indicator.pk: (
            indicator,
            "%" if indicator.is_percentage else indicator.unit,
            str(indicator.get_kind_display()),
        )
        for indicator in indicators
    }
    spans = {period.pk: (period.label, period.start, period.end) for period in periods}
    statuses = {key: str(label) for key, label in status_labels.items()}
    backbone = _("Backbone office")
    tenth = Decimal("0.1")

    def rows() -> Iterator[list]:
        for value in values:
            indicator, unit, kind = about[value["indicator_id"]]
            numerator, denominator = value["numerator"], value["denominator"]
            share = (
                percentage(numerator, denominator)
                if numerator is not None and denominator is not None
                else None
            )
            yield [
                indicator.pk,
                indicator.name,
                unit,
                kind,
                *spans[value["period_id"]],
                value["organisation"] if value["organisation"] is not None else backbone,
                value["value"],
                numerator,
                denominator,
                share.quantize(tenth) if share is not None else None,
                statuses.get(value["status"], value["status"]),
                value["revision"],
                value["submitted_at"],
                value["reviewed_at"],
                *columns.cells(indicator, value["breakdowns"]),
                value["comment"],
            ]

    return header, rows()


# --- Writing -------------------------------------------------------------------------------


def _local(moment: datetime.datetime) -> datetime.datetime:
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None, microsecond=0)


def german_number(number: Decimal | int | float) -> str:
    """12.5 → "12,5", 1234 → "1234": the decimal comma, no grouping, no trailing zeros."""
    number = Decimal(str(number)) if isinstance(number, float) else Decimal(number)
    text = f"{number.normalize():f}" if number != number.to_integral_value() else str(int(number))
    return text.replace(".", ",")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return german_number(value)
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    # A cell starting like a formula would be run by spreadsheet programs (CSV injection).
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _looks_numeric(text):
        text = "'" + text
    return text


def _looks_numeric(text: str) -> bool:
    try:
        Decimal(text.replace(",", "."))
    except ArithmeticError:
        return False
    return True


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV file in pieces of a few hundred rows, for a streaming response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    first = True
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(value) for value in row])
        if count % CSV_CHUNK_ROWS == 0:
            yield _take(buffer, bom=first)
            first = False
    yield _take(buffer, bom=first)


def _take(buffer: io.StringIO, *, bom: bool) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8-sig" if bom else "utf-8")


def to_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return b"".join(csv_chunks(header, rows))


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    """The workbook, written in openpyxl's write-only mode (rows are written, not kept as
    cell objects); the column widths come from a first pass over the values."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    widths = [len(str(name)) for name in header]
    table = []
    for row in rows:
        values = []
        for index, value in enumerate(row):
            if isinstance(value, datetime.datetime):
                value = _local(value)
            elif isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
                value = "'" + value
            values.append(value)
            widths[index] = max(widths[index], len(_csv_cell(value)))
        table.append(values)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for values in table:
        sheet.append([_xlsx_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_response(
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    kind: str | None,
    name: str,
    title: str,
    stream: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """The table as a file to download, "`name`.xlsx" (an Excel workbook whose sheet is
    called `title`) when `kind` is "xlsx", else "`name`.csv": any other `kind`, such as an
    unknown `?format=`, gets CSV. With `stream`, CSV is sent while `rows` are produced (a
    workbook is always built whole). The response is neither cached nor content-sniffed."""
    kind = "xlsx" if kind == "xlsx" else "csv"
    if kind == "xlsx":
        response = HttpResponse(to_xlsx(header, rows, title=title), content_type=XLSX_MEDIA_TYPE)
    elif stream:
        response = StreamingHttpResponse(csv_chunks(header, rows), content_type=CSV_MEDIA_TYPE)
    else:
        response = HttpResponse(to_csv(header, rows), content_type=CSV_MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _xlsx_cell(sheet, value):
    """Dates, times and fractional numbers with the German number format; the rest as is."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime):
        number_format = "DD.MM.YYYY HH:MM"
    elif isinstance(value, datetime.date):
        number_format = "DD.MM.YYYY"
    elif isinstance(value, Decimal) and value != value.to_integral_value():
        number_format = "#,##0.0#"
    else:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


# --- Reading -------------------------------------------------------------------------------


def _wrong_type() -> TransferError:
    return TransferError(
        _(
            "This is not a CSV or Excel file (XLSX). Please upload the filled template as CSV "
            "or XLSX."
        )
    )


def read_upload(upload) -> list[tuple[int, list]]:
    """The non-empty rows of an uploaded CSV or XLSX file as (line number, cells).

    The type is read from the content, not the name. Raises TransferError for an empty,
    too large or unreadable file, another type of file, or more than `MAX_ROWS` rows.
    """
    if upload.size > MAX_UPLOAD_BYTES:
        raise TransferError(
            _("The file is too large. Files may be at most %(limit)s MB.")
            % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    content = upload.read()
    if not content.strip():
        raise TransferError(_("The file is empty."))
    if content.startswith(_ZIP):
        table = _read_xlsx(content)
    elif content.startswith(_BINARY_SIGNATURES) or b"\x00" in content:
        raise _wrong_type()
    else:
        table = _read_csv(content)
    rows = [(line, cells) for line, cells in table if any(_filled(cell) for cell in cells)]
    if not rows:
        raise TransferError(_("The file is empty."))
    if len(rows) > MAX_ROWS + 1:
        raise TransferError(
            _("The file has more than %(limit)s rows. Please split it into several files.")
            % {"limit": MAX_ROWS}
        )
    return rows


def _filled(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _read_csv(content: bytes) -> list[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older spreadsheet programs save CSV in Windows-1252 ("CSV (Trennzeichen-getrennt)").
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise _wrong_type() from exc
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise _wrong_type() from exc


def _read_xlsx(content: bytes) -> list[tuple[int, list]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise _wrong_type() from exc
    try:
        sheet = workbook.worksheets[0]
        table = []
        for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            table.append((line, [_xlsx_text(cell) for cell in row]))
            if len(table) > MAX_ROWS + 50:
                break
        return table
    finally:
        workbook.close()


def _xlsx_text(cell) -> str:
    """A spreadsheet cell as a person would have typed it on the value form."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float | Decimal):
        return german_number(cell)
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.strftime("%d.%m.%Y")
    return str(cell)


def _known_headers(categories) -> dict[str, tuple[str, int | None]]:
    """{heading as written, in German or English, case-insensitive: (field, category id)}."""
    known = {}
    for language in ("de", "en"):
        with translation.override(language):
            for key, name in _fixed_headers().items():
                known[_key(name)] = (key, None)
            for category in categories:
                known[_key(_category_header(category))] = ("value", category.pk)
                for part in ("numerator", "denominator"):
                    known[_key(_category_header(category, part))] = (part, category.pk)
    return known


def _key(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def rows_from_table(table: list[tuple[int, list]], categories) -> list[dict]:
    """The rows under the heading row as the dicts `submission_import_create` takes.

    Columns are found by their headings (German or English); unknown columns are ignored.
    Raises TransferError when the heading row lacks the indicator ID or the period.
    """
    (_line, heading), *body = table
    known = _known_headers(categories)
    columns = {index: known.get(_key(name)) for index, name in enumerate(heading)}
    found = {spec[0] for spec in columns.values() if spec and spec[1] is None}
    if not {"indicator_id", "period"} <= found:
        raise TransferError(
            _(
                "The first row must hold the column headings of the template, among them "
                "“%(id)s” and “%(period)s”. Please download the template and fill it in."
            )
            % {"id": _("Indicator ID"), "period": _("Period")}
        )
    if not body:
        raise TransferError(_("The file holds no values: below the headings, every row is empty."))
    rows = []
    for line, cells in body:
        row = {"line": line, "breakdown": {}, "breakdown_fraction": {}}
        for index, cell in enumerate(cells):
            spec = columns.get(index)
            if spec is None:
                continue
            field, category_id = spec
            text = str(cell).strip() if cell is not None else ""
            if category_id is None:
                row[field] = text
            elif field == "value":
                row["breakdown"][str(category_id)] = text
            else:
                pair = row["breakdown_fraction"].setdefault(str(category_id), ["", ""])
                pair[0 if field == "numerator" else 1] = text
        rows.append(row)
    return rows
