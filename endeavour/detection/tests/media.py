"""Test media made on the fly: images and short videos with enough detail for PDQ."""

from __future__ import annotations

import io

import av
import numpy as np
from PIL import Image, ImageDraw


def image_array(seed: int = 0, size: int = 256) -> np.ndarray:
    image = Image.new("RGB", (size, size), (seed * 37 % 256, 90, 160))
    draw = ImageDraw.Draw(image)
    for i in range(0, size, 16):
        draw.line(
            (0, i, size, (i * (seed + 3)) % size), fill=(255, (i * 7) % 256, seed % 256), width=3
        )
        draw.ellipse((i, i // 2, i + 30, i // 2 + 30), outline=(0, 0, (i + seed * 11) % 256))
    return np.asarray(image, dtype=np.uint8)


def image_bytes(seed: int = 0, size: int = 256, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.fromarray(image_array(seed, size)).save(out, format=fmt)
    return out.getvalue()


def flat_image_bytes() -> bytes:
    """A single-colour image: PDQ quality is low (weak)."""
    out = io.BytesIO()
    Image.new("RGB", (128, 128), (120, 120, 120)).save(out, format="PNG")
    return out.getvalue()


def video_bytes(scenes: tuple[int, ...] = (1, 2, 3), seconds_per_scene: int = 2) -> bytes:
    """An MP4 with one distinct image per scene, 5 frames a second."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("mpeg4", rate=5)
        stream.width, stream.height, stream.pix_fmt = 128, 128, "yuv420p"
        for seed in scenes:
            picture = np.asarray(Image.fromarray(image_array(seed)).resize((128, 128)))
            for _ in range(5 * seconds_per_scene):
                frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
                for packet in stream.encode(frame):
                    container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()
