"""What detection adds to the retention purge and the demo. Bank entries are kept: they are
hashes, not material, and disabled entries keep overturned decisions traceable."""

from __future__ import annotations

import random
from datetime import datetime

from endeavour.core import retention
from endeavour.core.demo import register_demo
from endeavour.detection import services
from endeavour.detection.models import BankPurpose, ExchangeRun, HashBank, SignalType

DEMO_LIST = "Sample shared list (demo)"


@retention.register("detection.ExchangeRun", "hash-list import, fetch and export reports")
def purge_exchange_runs(cutoff: datetime) -> int:
    count, _ = ExchangeRun.objects.filter(started_at__lt=cutoff).delete()
    return count


@register_demo
def detection_demo() -> int:
    """A sample shared list (imported through the normal path, so it has a run report) and an
    allow-list. Hashes are random: they stand for nothing real."""
    from endeavour.detection.exchange.imports import hash_list_import

    if HashBank.objects.filter(name=DEMO_LIST).exists():
        return 0
    rng = random.Random(2016)  # noqa: S311 - sample data, not security
    lines = ["signal_type,value,ideology,organisation,tier,external_id"]
    for n in range(200):
        kind = "pdq" if n % 2 else "md5"
        value = f"{rng.getrandbits(256 if kind == 'pdq' else 128):0{64 if kind == 'pdq' else 32}x}"
        lines.append(f"{kind},{value},sample ideology,,{1 + n % 4},demo-{n:04d}")
    bank = services.bank_create(
        name=DEMO_LIST,
        description="Sample data for the demo: random hashes standing for a shared list.",
        labels={"source": "demo"},
    )
    hash_list_import(
        bank=bank,
        data="\n".join(lines).encode(),
        file_format="csv",
        filename="sample-shared-list.csv",
        started_by=None,
    )
    allow = services.bank_create(
        name="Known false matches (sample)",
        purpose=BankPurpose.ALLOW,
        description="Hashes that matched by mistake (a common meme template, a logo).",
    )
    services.bank_entry_add(
        bank=allow,
        signal_type=SignalType.PDQ,
        value=f"{rng.getrandbits(256):064x}",
        source_reference="",
        labels={"why": "common template"},
    )
    return 201
