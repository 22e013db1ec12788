"""A phone's photo for the upload benches: 12 MP (4000 × 3000 stored, EXIF orientation 6, so
3000 × 4000 upright, as a phone held upright writes it), about 2.5 MB of JPEG. Smooth colour with
sensor-like noise on every channel, so it neither compresses to nothing nor exceeds a phone's
size. Made once with Pillow and kept in the temporary directory."""

import tempfile
from pathlib import Path

from PIL import Image

PATH = Path(tempfile.gettempdir()) / "kurasi-bench-phone-photo-12mp.jpg"
WIDTH, HEIGHT = 4000, 3000
NOISE_SIGMA = 12  # 6 gives ~1.3 MB, 14 ~2.8 MB at quality 90
ORIENTATION = 0x0112


def phone_photo():
    """The photo's bytes, made on first use."""
    if not PATH.exists():
        red = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
        green = Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT))
        blue = Image.radial_gradient("L").resize((WIDTH, HEIGHT))
        channels = [
            Image.blend(channel, Image.effect_noise((WIDTH, HEIGHT), NOISE_SIGMA), 0.5)
            for channel in (red, green, blue)
        ]
        exif = Image.Exif()
        exif[ORIENTATION] = 6
        partial = PATH.with_suffix(".part")
        Image.merge("RGB", channels).save(partial, "JPEG", quality=90, exif=exif)
        partial.replace(PATH)
    return PATH.read_bytes()


if __name__ == "__main__":
    print(f"{PATH}: {len(phone_photo()) / 1e6:.2f} MB")
