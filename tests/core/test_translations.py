"""German is the first language of the interface: its catalogue must be complete and current.

* every entry of locale/de/LC_MESSAGES/django.po is translated, nothing is fuzzy, placeholders
  match, and `msgfmt --check` accepts the file;
* every string marked for translation in code and templates is in the catalogue: `makemessages`
  runs on a copy of the sources in a temporary directory, so the real locale/ is never touched;
* the compiled catalogue (django.mo, built by `make messages`) matches the .po file.

The .po file is read by a small parser here, so no extra package is needed.
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)
PO_FILE = BASE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# The same ignores as the documented command:
# manage.py makemessages -l de --ignore=.venv --ignore=node_modules --ignore=tests --no-obsolete
IGNORE = [".venv", "node_modules", "tests"]
EXTENSIONS = {".py", ".html", ".txt"}

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")

UPDATE_HINT = (
    "Update the catalogue: manage.py makemessages -l de --ignore=.venv --ignore=node_modules "
    "--ignore=tests --no-obsolete, translate in locale/de/LC_MESSAGES/django.po, then "
    "`make messages`."
)


# --- a small .po reader ---------------------------------------------------------------------


class Entry:
    def __init__(self):
        self.flags: set[str] = set()
        self.fields: dict[str, str] = {}
        self.line = 0

    @property
    def msgctxt(self):
        return self.fields.get("msgctxt")

    @property
    def msgid(self):
        return self.fields.get("msgid", "")

    @property
    def msgid_plural(self):
        return self.fields.get("msgid_plural")

    @property
    def msgstrs(self) -> list[str]:
        if "msgstr" in self.fields:
            return [self.fields["msgstr"]]
        plural = sorted(
            (int(k[7:-1]), v) for k, v in self.fields.items() if k.startswith("msgstr[")
        )
        return [v for _, v in plural]

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __repr__(self):
        where = f"line {self.line}"
        ctxt = f" (context {self.msgctxt!r})" if self.msgctxt else ""
        return f"{self.msgid!r}{ctxt} at {where}"


_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file (obsolete `#~` entries are left out)."""
    entries: list[Entry] = []
    entry, field = Entry(), None

    def finish():
        nonlocal entry, field
        if "msgid" in entry.fields:
            entries.append(entry)
        entry, field = Entry(), None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if "msgid" in entry.fields:
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            if "msgid" in entry.fields:
                finish()
        elif line.startswith('"'):
            assert field, f"line {number}: continuation without a keyword"
            entry.fields[field] += ast.literal_eval(line)
        else:
            match = _FIELD.match(line)
            assert match, f"line {number}: cannot read {raw!r}"
            field = match.group(1)
            if field in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in entry.fields):
                finish()
                field = match.group(1)
            if not entry.fields:
                entry.line = number
            entry.fields[field] = ast.literal_eval(match.group(2))
    finish()
    return entries


def header(entries: list[Entry]) -> tuple[Entry, dict[str, str]]:
    head = next(e for e in entries if e.msgid == "" and e.msgctxt is None)
    values = dict(
        line.split(":", 1) for line in head.fields.get("msgstr", "").splitlines() if ":" in line
    )
    return head, {k.strip(): v.strip() for k, v in values.items()}


def messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if not (e.msgid == "" and e.msgctxt is None)]


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing. {UPDATE_HINT}"
    return parse_po(PO_FILE.read_text(encoding="utf-8"))


# --- the catalogue is complete --------------------------------------------------------------


def test_parser_reads_plural_context_and_fuzzy_entries():
    entries = parse_po(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        '#, fuzzy, python-format\nmsgctxt "menu"\nmsgid "Open \\"%(x)s\\""\nmsgstr "Öffnen"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "eins"\nmsgstr[1] ""\n'
        '#~ msgid "old"\n#~ msgstr "alt"\n'
    )
    _, values = header(entries)
    first, second = messages(entries)
    assert values["Language"] == "de"
    assert first.key == ("menu", 'Open "%(x)s"', None)
    assert first.flags == {"fuzzy", "python-format"}
    assert second.msgstrs == ["eins", ""]
    assert len(entries) == 3


def test_header_is_german_with_two_plural_forms(catalogue):
    head, values = header(catalogue)
    assert "fuzzy" not in head.flags, "The header is marked fuzzy; msgfmt would ignore it."
    assert values.get("Language") == "de"
    assert "charset=UTF-8" in values.get("Content-Type", "")
    assert values.get("Plural-Forms", "").startswith("nplurals=2;")


def test_every_entry_is_translated_and_not_fuzzy(catalogue):
    entries = messages(catalogue)
    assert entries, "The German catalogue is empty."
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    untranslated = [
        e
        for e in entries
        if not e.msgstrs
        or any(not s.strip() for s in e.msgstrs)
        or (e.msgid_plural is not None and len(e.msgstrs) != 2)
    ]
    problems = [f"fuzzy: {e!r}" for e in fuzzy] + [f"untranslated: {e!r}" for e in untranslated]
    assert not problems, "\n".join([*problems, UPDATE_HINT])


def test_translations_keep_the_placeholders(catalogue):
    wrong = []
    for e in messages(catalogue):
        expected = sorted(set(PLACEHOLDER.findall(e.msgid + (e.msgid_plural or ""))))
        for index, text in enumerate(e.msgstrs):
            found = sorted(set(PLACEHOLDER.findall(text)))
            # The singular form may leave out the number ("Die Partnerorganisation wird …");
            # no form may invent a placeholder.
            if e.msgid_plural is not None and index == 0 and set(found) <= set(expected):
                continue
            if found != expected:
                wrong.append(f"{e!r}: expected {expected}, found {found} in {text!r}")
    assert not wrong, "\n".join(wrong)


ESCAPED = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{)")


def test_msgids_contain_no_escape_sequences_that_xgettext_keeps(catalogue):
    """xgettext copies `\\u201c` in a Python string literally, while Python turns it into “.

    The msgid then never matches at runtime and the text stays English. Write the character
    itself in the source: _("stands for “not specified”").
    """
    escaped = [
        repr(e)
        for e in messages(catalogue)
        if ESCAPED.search(e.msgid + (e.msgid_plural or "") + (e.msgctxt or ""))
    ]
    assert not escaped, (
        "These msgids contain \\u escapes that xgettext does not decode, so they are never "
        "translated; write the character itself in the source:\n" + "\n".join(escaped)
    )


def test_msgfmt_accepts_the_catalogue():
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", os.devnull, str(PO_FILE)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    report = result.stderr.strip()
    assert result.returncode == 0, report
    assert "untranslated" not in report and "fuzzy" not in report, report


# --- the catalogue is up to date with code and templates ------------------------------------


def _copy_sources(target: Path) -> None:
    """Copy the files makemessages would read, without locale/ and the ignored folders."""
    skip_roots = {Path(settings.STATIC_ROOT).resolve(), Path(settings.MEDIA_ROOT).resolve()}
    for dirpath, dirnames, filenames in os.walk(BASE_DIR):
        here = Path(dirpath)
        dirnames[:] = [
            d
            for d in dirnames
            if d not in IGNORE
            and d != "locale"
            and not d.startswith(".")
            and d != "__pycache__"
            and (here / d).resolve() not in skip_roots
        ]
        for name in filenames:
            if Path(name).suffix in EXTENSIONS:
                destination = target / (here / name).relative_to(BASE_DIR)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(here / name, destination)


def test_catalogue_contains_every_string_in_code_and_templates(tmp_path, settings, monkeypatch):
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed")
    source = tmp_path / "src"
    (source / "locale").mkdir(parents=True)
    _copy_sources(source)
    settings.LOCALE_PATHS = [source / "locale"]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["de"], ignore_patterns=IGNORE, verbosity=0)

    fresh = parse_po((source / "locale/de/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    committed = {e.key for e in messages(parse_po(PO_FILE.read_text(encoding="utf-8")))}
    missing = [e for e in messages(fresh) if e.key not in committed]
    assert messages(fresh), "makemessages found no strings at all; the copy is incomplete."
    assert not missing, "\n".join(
        ["Strings in code or templates that are missing from the German catalogue:"]
        + [f"  {e.msgid!r}" + (f" / {e.msgid_plural!r}" if e.msgid_plural else "") for e in missing]
        + [UPDATE_HINT]
    )


# --- the compiled catalogue is current and in use -------------------------------------------


def test_compiled_catalogue_matches_the_po_file(catalogue):
    assert MO_FILE.exists(), f"{MO_FILE} is missing: run `make messages` (compilemessages)."
    with MO_FILE.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    stale = []
    for e in messages(catalogue):
        if "fuzzy" in e.flags:
            continue
        msgid = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            current = compiled._catalog.get(msgid)
            expected = e.msgstrs[0]
        else:
            current = [compiled._catalog.get((msgid, i)) for i in range(len(e.msgstrs))]
            expected = e.msgstrs
        if current != expected:
            stale.append(repr(e))
    assert not stale, "django.mo is older than django.po; run `make messages`.\n" + "\n".join(
        stale[:20]
    )


def test_german_is_served():
    with translation.override("de"):
        assert translation.gettext("Log in") == "Anmelden"
        assert translation.gettext("Backbone office") == "Koordinierungsstelle"
        assert (
            translation.ngettext("%(counter)s member", "%(counter)s members", 3) % {"counter": 3}
            == "3 Mitglieder"
        )
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
