"""Hostile images against the decoder's bounds: each is refused with a reason or becomes a small
image, within 200 MiB of memory above the process's baseline and 3 seconds.

Memory is measured in a fresh child process per image, as the peak resident size (VmHWM, reset
just before the decode) above what the process held then: it counts what Pillow and its C
libraries allocate, which tracemalloc does not see (and ru_maxrss would carry the parent's peak
over from before exec).
"""

import io
import json
import subprocess
import sys

from django.conf import settings
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from .image_factory import jpeg_stuffed, png_of_zeros, png_stuffed, saved, webp_stuffed

PEAK_MIB = 200
SECONDS = 3.0
LONGEST_SIDE = 1600

CHILD = """
import json, sys, time
from django.core.exceptions import ValidationError
from kurasi.registry.images import reencode

def status(field):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(field + ":"))

data = sys.stdin.buffer.read()
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")  # the peak (VmHWM) starts again from what the process holds now
before = status("VmRSS")
start = time.monotonic()
try:
    content, extension = reencode(data, longest_side=int(sys.argv[1]), quality=82)
    result = {"content": content.hex(), "extension": extension}
except ValidationError as error:
    result = {"refused": error.code}
result["seconds"] = time.monotonic() - start
result["peak_mib"] = (status("VmHWM") - before) / 1024
print(json.dumps(result))
"""


def decode_in_child(data: bytes) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(LONGEST_SIDE)],
        input=data,
        capture_output=True,
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "kurasi.settings", "PATH": "/usr/bin:/bin"},
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return json.loads(done.stdout)


def assert_within_bounds(data: bytes) -> dict:
    result = decode_in_child(data)
    assert result["peak_mib"] < PEAK_MIB, result
    assert result["seconds"] < SECONDS, result
    if "refused" in result:
        assert result["refused"] in {"not_an_image", "too_many_pixels", "too_large_to_decode"}
    else:
        image = Image.open(io.BytesIO(bytes.fromhex(result["content"])))
        assert max(image.size) <= LONGEST_SIDE
        assert image.format == "JPEG"
    return result


def flat(mode, size):
    colour = {"1": 1, "L": 90, "I;16": 40000, "P": 7, "LA": (90, 128)}.get(mode, "orange")
    return Image.new(mode, size, colour)


PNG_MODES = ["1", "L", "P", "LA", "RGB", "RGBA", "I;16"]
JPEG_MODES = ["L", "RGB", "CMYK"]


def build(recipe) -> bytes:
    """The bytes of a recipe drawn below (recipes, so examples cost nothing until they run)."""
    kind, args, cut = recipe
    if kind == "png_zeros":
        width, height, colour_type, bit_depth = args
        data = png_of_zeros(width, height, colour_type=colour_type, bit_depth=bit_depth)
    elif kind == "stuffed":
        data = {"jpeg": jpeg_stuffed, "png": png_stuffed, "webp": webp_stuffed}[args]()
    else:
        image_format, mode, size, params = args
        data = saved(flat(mode, size), image_format, **params)
    return data if cut is None else data[: int(len(data) * cut)]


@st.composite
def hostile_images(draw):
    kind = draw(st.sampled_from(["png_zeros", "jpeg", "webp", "gif", "odd_mode", "stuffed"]))
    side = st.integers(min_value=1, max_value=12_000)
    if kind == "png_zeros":
        colour_type = draw(st.sampled_from([0, 2, 3, 4, 6]))
        bit_depth = draw(st.sampled_from([8, 16])) if colour_type != 3 else 8
        args = (draw(side), draw(side), colour_type, bit_depth)
    elif kind == "jpeg":
        size = draw(st.sampled_from([(8160, 6120), (6000, 6600), (12_800, 3125), (4000, 3000)]))
        mode = draw(st.sampled_from(JPEG_MODES))
        args = ("JPEG", mode, size, {"progressive": draw(st.booleans())})
    elif kind == "webp":
        size = draw(st.sampled_from([(4000, 3000), (16_383, 300)]))
        params = {"quality": 10, "method": 0}
        args = ("WEBP", draw(st.sampled_from(["RGB", "RGBA"])), size, params)
    elif kind == "gif":
        args = ("GIF", "P", (draw(side) % 5000 + 1, 64), {})
    elif kind == "odd_mode":
        mode = draw(st.sampled_from(PNG_MODES))
        args = ("PNG", mode, (draw(side) % 4000 + 1, draw(side) % 4000 + 1), {})
    else:
        args = draw(st.sampled_from(["jpeg", "png", "webp"]))
    cut = draw(st.none() | st.floats(min_value=0, max_value=0.999))
    return (kind, args, cut)


PHONE_50_MP = ("jpeg", ("JPEG", "RGB", (8160, 6120), {}), None)


@hypothesis_settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_images())
@example(("png_zeros", (6000, 6600, 0, 8), None))  # the probe's 154 KB upload, greyscale
@example(("png_zeros", (6000, 6600, 6, 8), None))  # the same in RGBA: refused unread
@example(("png_zeros", (30_000, 30_000, 0, 8), None))  # over the pixel bound
@example(PHONE_50_MP)  # decoded at 1/4 scale
@example(("jpeg", ("JPEG", "RGB", (8160, 6120), {"progressive": True}), None))
@example(("jpeg", ("JPEG", "CMYK", (8000, 8000), {}), None))
@example(("odd_mode", ("PNG", "I;16", (4000, 3000), {}), None))
@example(("stuffed", "jpeg", 0.5))
def test_hostile_image_is_refused_or_shrunk_within_memory_and_time(recipe):
    assert_within_bounds(build(recipe))


def test_the_probes_png_is_decoded_far_below_what_it_took_before():
    """154 KB of 6000 × 6600 zero pixels took 660 MB; the greyscale one now fits in a fraction
    and the colour ones are refused before a byte of pixels is decoded."""
    grey = assert_within_bounds(png_of_zeros(6000, 6600, colour_type=0))
    assert "content" in grey
    assert grey["peak_mib"] < 100
    for colour_type in (2, 6):
        colour = assert_within_bounds(png_of_zeros(6000, 6600, colour_type=colour_type))
        assert colour["refused"] == "too_large_to_decode"
        assert colour["peak_mib"] < 20


def test_a_phones_50_megapixel_jpeg_never_exists_at_full_size():
    result = assert_within_bounds(build(PHONE_50_MP))
    assert "content" in result
    assert result["peak_mib"] < 48  # the decoded photo alone would take 190 MiB at full size


THREADS_CHILD = """
import sys, threading
from kurasi.registry.images import reencode

def status(field):
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(field + ":"))

data = sys.stdin.buffer.read()
with open("/proc/self/clear_refs", "w") as clear:
    clear.write("5")
before = status("VmRSS")
threads = [
    threading.Thread(target=reencode, args=(data,), kwargs={"longest_side": 1600, "quality": 82})
    for _ in range(int(sys.argv[1]))
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print((status("VmHWM") - before) / 1024)
"""


def peak_of_simultaneous_uploads(data: bytes, uploads: int, concurrency: int) -> float:
    done = subprocess.run(
        [sys.executable, "-c", THREADS_CHILD, str(uploads)],
        input=data,
        capture_output=True,
        cwd=settings.BASE_DIR,
        env={
            "DJANGO_SETTINGS_MODULE": "kurasi.settings",
            "PATH": "/usr/bin:/bin",
            "KURASI_IMAGE_DECODE_CONCURRENCY": str(concurrency),
        },
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return float(done.stdout)


def test_simultaneous_uploads_in_one_process_decode_two_at_a_time():
    """Six people send a 20 MP PNG at the same instant to a threaded server: with two decode
    slots the process holds about two decodes' memory, not six."""
    data = png_of_zeros(5000, 4000, colour_type=2)
    one = peak_of_simultaneous_uploads(data, uploads=1, concurrency=2)
    six = peak_of_simultaneous_uploads(data, uploads=6, concurrency=2)
    assert one > 40  # a real decode, so the comparison means something
    assert six < 2.5 * one, (one, six)
