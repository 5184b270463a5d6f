"""``endeavour hashes ...``: hash files, manage banks, import and export lists, look things up."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from endeavour.detection import content, pdq_search, services
from endeavour.detection.exchange import feedback, imports
from endeavour.detection.exchange.fetch import source_fetch
from endeavour.detection.matching import LookupResult, Match, Query, lookup
from endeavour.detection.models import (
    BankEntry,
    BankPurpose,
    ExchangeRun,
    ExchangeSource,
    HashBank,
    RunStatus,
)
from endeavour.detection.urls import InvalidUrl, normalise
from endeavour.detection.values import InvalidValue, normalise_value, signal_type_of

MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024
IMPORT_FORMATS = ("csv", "threatexchange", "tat")
EXPORT_FORMATS = ("csv", "threatexchange")


class Command(BaseCommand):
    help = "Hash files, manage hash banks, import, export and fetch hash lists, and look up."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        hash_ = actions.add_parser("hash", help="Hash files or folders (recursively).")
        hash_.add_argument("paths", nargs="+")
        hash_.add_argument("--json", action="store_true", help="One JSON object per line.")

        actions.add_parser("banks", help="List the banks with their entry counts.")

        create = actions.add_parser("create-bank", help="Create a bank or an allow-list.")
        create.add_argument("name")
        create.add_argument("--allow-list", action="store_true")
        create.add_argument("--description", default="")
        create.add_argument("--label", action="append", default=[], metavar="KEY=VALUE")
        create.add_argument("--distance", type=int, default=31, help="PDQ match distance.")

        change = actions.add_parser("set-bank", help="Enable, disable or set a bank's distance.")
        change.add_argument("name")
        change.add_argument("--enable", action="store_true")
        change.add_argument("--disable", action="store_true")
        change.add_argument("--distance", type=int)

        add = actions.add_parser("add", help="Add a hash or a file's hashes to a bank.")
        add.add_argument("--bank", required=True)
        self._add_target_arguments(add)
        add.add_argument("--reference", default="", help="Where it came from.")

        disable = actions.add_parser("disable-entry", help="Disable (never delete) an entry.")
        disable.add_argument("entry_id", type=int)
        disable.add_argument("--reason", required=True)

        import_ = actions.add_parser("import", help="Import a hash-list file into a bank.")
        import_.add_argument("path")
        import_.add_argument("--bank", required=True)
        import_.add_argument("--format", choices=IMPORT_FORMATS, default="csv")

        export = actions.add_parser("export", help="Export a bank (CSV marks disabled entries).")
        export.add_argument("--bank", required=True)
        export.add_argument("--format", choices=EXPORT_FORMATS, default="csv")
        export.add_argument("--output", "-o", help="A file to write (default: standard output).")

        back = actions.add_parser("feedback", help="Export our decisions on matched entries.")
        back.add_argument("--bank")
        back.add_argument("--since", help="YYYY-MM-DD")
        back.add_argument("--format", choices=["csv", "threatexchange"], default="csv")
        back.add_argument("--output", "-o")

        fetch = actions.add_parser("fetch", help="Fetch from exchange sources (resumable).")
        fetch.add_argument("--source", help="One source by name (default: all enabled).")

        look = actions.add_parser("lookup", help="Look a hash, file, URL or text up.")
        self._add_target_arguments(look)

        actions.add_parser("rebuild-index", help="Rebuild the PDQ index and swap it in.")

    @staticmethod
    def _add_target_arguments(parser: CommandParser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--hash", metavar="TYPE:VALUE", help="e.g. pdq:f8f8...")
        target.add_argument("--file", metavar="PATH")
        target.add_argument("--url")
        target.add_argument("--text")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, "do_" + options["action"].replace("-", "_"))
        try:
            handler(options)
        except (ValidationError, InvalidValue, InvalidUrl) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError(" ".join(messages)) from error

    # Hashing ------------------------------------------------------------------------------

    def do_hash(self, options: dict[str, Any]) -> None:
        failures = 0
        for path in _files_under(options["paths"]):
            try:
                record = _hash_record(path)
            except (OSError, ValueError) as error:
                failures += 1
                self.stderr.write(f"{path}: {error}")
                continue
            if options["json"]:
                self.stdout.write(json.dumps(record))
            else:
                self.stdout.write(_hash_text(record))
        if failures:
            raise CommandError(f"{failures} file(s) could not be hashed (see above).")

    # Banks --------------------------------------------------------------------------------

    def do_banks(self, options: dict[str, Any]) -> None:
        for bank in HashBank.objects.all():
            enabled = bank.entries.filter(enabled=True).count()
            total = bank.entries.count()
            state = "enabled" if bank.enabled else "DISABLED"
            self.stdout.write(
                f"{bank.name} [{bank.purpose}, {state}, PDQ distance {bank.pdq_max_distance}] "
                f"{enabled} of {total} entries enabled; labels {json.dumps(bank.labels)}"
            )

    def do_create_bank(self, options: dict[str, Any]) -> None:
        labels = {}
        for pair in options["label"]:
            key, sep, value = pair.partition("=")
            if not sep or not key.strip():
                raise CommandError(f"Labels are KEY=VALUE; {pair!r} is not.")
            labels[key.strip()] = value.strip()
        bank = services.bank_create(
            name=options["name"],
            purpose=BankPurpose.ALLOW if options["allow_list"] else BankPurpose.MATCH,
            description=options["description"],
            labels=labels,
            pdq_max_distance=options["distance"],
        )
        self.stdout.write(f"Created {bank.get_purpose_display().split(':')[0]} bank {bank.name}.")

    def do_set_bank(self, options: dict[str, Any]) -> None:
        if options["enable"] and options["disable"]:
            raise CommandError("Choose --enable or --disable, not both.")
        enabled = True if options["enable"] else False if options["disable"] else None
        bank = services.bank_update(
            _bank(options["name"]), enabled=enabled, pdq_max_distance=options["distance"]
        )
        state = "enabled" if bank.enabled else "disabled"
        self.stdout.write(f"{bank.name}: {state}, PDQ distance {bank.pdq_max_distance}.")

    def do_add(self, options: dict[str, Any]) -> None:
        bank = _bank(options["bank"])
        added = 0
        for query in _queries(options):
            services.bank_entry_add(
                bank=bank,
                signal_type=query.signal_type,
                value=query.value,
                source_reference=options["reference"],
                labels={},
            )
            added += 1
        self.stdout.write(f"Added or re-enabled {added} entr{'y' if added == 1 else 'ies'}.")

    def do_disable_entry(self, options: dict[str, Any]) -> None:
        entry = BankEntry.objects.filter(pk=options["entry_id"]).first()
        if entry is None:
            raise CommandError(f"There is no entry {options['entry_id']}.")
        services.bank_entry_disable(entry, reason=options["reason"])
        self.stdout.write(f"Entry {entry.pk} disabled.")

    # Exchange -----------------------------------------------------------------------------

    def do_import(self, options: dict[str, Any]) -> None:
        path = Path(options["path"])
        data = _read(path)
        run = imports.hash_list_import(
            bank=_bank(options["bank"]),
            data=data,
            file_format=options["format"],
            filename=path.name,
            started_by=None,
        )
        self._report(run)

    def do_export(self, options: dict[str, Any]) -> None:
        export = imports.hash_list_export(
            bank=_bank(options["bank"]), file_format=options["format"], started_by=None
        )
        self._write(export.content, options.get("output"))

    def do_feedback(self, options: dict[str, Any]) -> None:
        since = None
        if options["since"]:
            try:
                since = timezone.make_aware(datetime.fromisoformat(options["since"]))
            except ValueError as error:
                raise CommandError(f"--since is a date, YYYY-MM-DD: {error}.") from error
        export = feedback.feedback_export(
            bank=_bank(options["bank"]) if options["bank"] else None,
            since=since,
            file_format=options["format"],
            started_by=None,
        )
        self._write(export.content, options.get("output"))

    def do_fetch(self, options: dict[str, Any]) -> None:
        sources = ExchangeSource.objects.filter(enabled=True)
        if options["source"]:
            sources = ExchangeSource.objects.filter(name=options["source"])
            if not sources.exists():
                raise CommandError(f"There is no exchange source called {options['source']!r}.")
        failed = 0
        for source in sources:
            run = source_fetch(source)
            self.stdout.write(f"{source.name}:")
            failed += run.status != RunStatus.SUCCEEDED
            self._report(run, raise_on_failure=False)
        if failed:
            raise CommandError(f"{failed} fetch(es) did not finish; the next fetch resumes.")

    def _report(self, run: ExchangeRun, *, raise_on_failure: bool = True) -> None:
        self.stdout.write(
            f"{run.get_status_display()}: {run.rows_read} rows read, {run.rows_added} added, "
            f"{run.rows_unchanged} unchanged, {run.rows_tombstoned} withdrawn, "
            f"{run.rows_rejected} rejected."
        )
        for error in run.errors:
            line = error.get("line")
            where = f"line {line}" if isinstance(line, int) else str(line or "file")
            self.stdout.write(f"  {where}: {error.get('message')}")
        if run.message:
            self.stdout.write(f"  {run.message}")
        if raise_on_failure and run.status != RunStatus.SUCCEEDED:
            raise CommandError("Nothing was imported: correct the rows above and try again.")

    def _write(self, text: str, output: str | None) -> None:
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {output}.")
        else:
            self.stdout.write(text, ending="")

    # Lookup -------------------------------------------------------------------------------

    def do_lookup(self, options: dict[str, Any]) -> None:
        result: LookupResult = lookup(_queries(options))
        if not result.matches and not result.suppressed:
            self.stdout.write("No match in the enabled banks.")
        for match in result.matches:
            self.stdout.write(_match_line(match))
        for match in result.suppressed:
            self.stdout.write(f"SUPPRESSED by an allow-list: {_match_line(match)}")

    def do_rebuild_index(self, options: dict[str, Any]) -> None:
        result = pdq_search.pdq_index_rebuild()
        self.stdout.write(
            f"PDQ index {result.generation}: {result.count} hashes in {result.seconds:.1f} s."
        )


def _bank(name: str) -> HashBank:
    bank = HashBank.objects.filter(name=name).first()
    if bank is None:
        known = ", ".join(HashBank.objects.values_list("name", flat=True)) or "none yet"
        raise CommandError(f"There is no bank called {name!r}. Banks: {known}.")
    return bank


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise CommandError(f"{path}: no such file.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CommandError(f"{path}: larger than {MAX_FILE_BYTES // 2**30} GB.")
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}.") from error


def _files_under(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            yield path
        else:
            raise CommandError(f"{path}: no such file or folder.")


def _hash_record(path: Path) -> dict[str, Any]:
    hashes = content.hash_bytes(_read(path))
    record: dict[str, Any] = {
        "path": str(path),
        "kind": hashes.kind,
        "sha256": hashes.sha256,
        "md5": hashes.md5,
    }
    if hashes.pdq is not None:
        record |= {"pdq": hashes.pdq.hex, "pdq_quality": hashes.pdq.quality}
        record["pdq_weak"] = hashes.pdq.is_weak
    if hashes.frames:
        record["frames"] = [
            {"seconds": f.seconds, "pdq": f.pdq.hex, "quality": f.pdq.quality}
            for f in hashes.frames
        ]
    if hashes.problem:
        record["note"] = hashes.problem
    return record


def _hash_text(record: dict[str, Any]) -> str:
    lines = [f"{record['path']} ({record['kind']})"]
    lines += [f"  sha256 {record['sha256']}", f"  md5    {record['md5']}"]
    if "pdq" in record:
        weak = " WEAK (under 50)" if record["pdq_weak"] else ""
        lines.append(f"  pdq    {record['pdq']} quality {record['pdq_quality']}{weak}")
    for frame in record.get("frames", []):
        lines.append(
            f"  frame {frame['seconds']:>7}s pdq {frame['pdq']} quality {frame['quality']}"
        )
    if "note" in record:
        lines.append(f"  note: {record['note']}")
    return "\n".join(lines)


def _queries(options: dict[str, Any]) -> list[Query]:
    if options.get("hash"):
        kind, sep, value = options["hash"].partition(":")
        if not sep:
            raise CommandError("Give the hash as TYPE:VALUE, e.g. pdq:f8f8... or sha256:9f86...")
        signal_type = signal_type_of(kind)
        return [Query(signal_type, normalise_value(signal_type, value))]
    if options.get("file"):
        path = Path(options["file"])
        return content.content_queries(content.hash_bytes(_read(path)), path.name)
    if options.get("url"):
        return content.url_queries(normalise(options["url"]).normalised)
    queries = content.text_queries(options["text"])
    if not queries:
        raise CommandError("The text is empty once punctuation and spaces are removed.")
    return queries


def _match_line(match: Match) -> str:
    labels = ", ".join(f"{k}={v}" for k, v in match.labels.items() if v)
    return f"{match.explanation}" + (f" [{labels}]" if labels else "")
