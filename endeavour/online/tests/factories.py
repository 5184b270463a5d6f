from __future__ import annotations

import io
from typing import Any

import factory
from factory.django import DjangoModelFactory
from PIL import Image, ImageDraw

from endeavour.online.models import Platform, PlatformDomain, PolicyVersion, SizeBand
from endeavour.online.services.files import IncomingFile
from endeavour.online.services.intake import SubmitResult, item_submit


class PlatformFactory(DjangoModelFactory[Platform]):
    class Meta:
        model = Platform
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test platform {n}")
    size_band = SizeBand.SMALL
    abuse_contact = factory.Sequence(lambda n: f"abuse{n}@platform.example")
    is_sample = True

    @factory.post_generation
    def domains(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        for domain in extracted or []:
            PlatformDomain.objects.create(platform=self, domain=domain)


def current_policy() -> PolicyVersion:
    return PolicyVersion.objects.get(is_current=True)


def png_bytes(seed: int = 0, size: int = 256) -> bytes:
    """A distinct, deterministic test image (enough detail for a good PDQ quality)."""
    image = Image.new("RGB", (size, size), (seed * 37 % 256, 90, 160))
    draw = ImageDraw.Draw(image)
    for i in range(0, size, 16):
        draw.line(
            (0, i, size, (i * (seed + 3)) % size), fill=(255, (i * 7) % 256, seed % 256), width=3
        )
        draw.ellipse((i, i // 2, i + 30, i // 2 + 30), outline=(0, 0, (i + seed * 11) % 256))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def submit(
    url: str = "https://videoshare.example/watch/1", source: str = "analyst", **kwargs: Any
) -> SubmitResult:
    return item_submit(url=url, source=source, **kwargs)


def image_file(seed: int = 0, name: str = "image.png") -> IncomingFile:
    return IncomingFile(name=name, data=png_bytes(seed))
