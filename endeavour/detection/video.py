"""PDQ of sampled video frames, decoded with PyAV (FFmpeg inside the wheel, no system codecs)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import av
import numpy as np
import pdqhash

from endeavour.detection.hashing import PdqHash, hamming

FRAMES_PER_SECOND = 1.0
MAX_FRAMES = 120
# A sampled frame this close to the last kept one is the same shot (encoding noise after a cut
# moves PDQ by 15-20 bits): keep the first. Well inside the matching radius of 31.
SAME_SHOT_DISTANCE = 24


class NotAVideo(ValueError):
    """The bytes are not a video PyAV can decode."""


@dataclass(frozen=True)
class FramePdq:
    seconds: float
    pdq: PdqHash


def frame_pdqs(
    data: bytes, *, every_seconds: float = 1 / FRAMES_PER_SECOND, max_frames: int = MAX_FRAMES
) -> list[FramePdq]:
    """One PDQ per sampled frame (about one a second), skipping near-identical neighbours."""
    frames: list[FramePdq] = []
    next_at = 0.0
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.video:
                raise NotAVideo("The file has no video stream.")
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            for frame in container.decode(stream):
                seconds = float(frame.time or 0.0)
                if seconds + 1e-6 < next_at:
                    continue
                next_at = seconds + every_seconds
                pixels = np.ascontiguousarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)
                bits, quality = pdqhash.compute(pixels)
                pdq = PdqHash(np.packbits(bits.astype(np.uint8)).tobytes().hex(), int(quality))
                if frames and hamming(frames[-1].pdq.hex, pdq.hex) < SAME_SHOT_DISTANCE:
                    continue
                frames.append(FramePdq(round(seconds, 2), pdq))
                if len(frames) >= max_frames:
                    break
    except NotAVideo:
        raise
    except (av.error.FFmpegError, ValueError, OSError) as error:
        raise NotAVideo(f"The video could not be decoded ({error}).") from error
    if not frames:
        raise NotAVideo("The video has no frames that could be decoded.")
    return frames
