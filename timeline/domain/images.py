"""Uploaded images: checked, cleaned, stored with their renditions, and described for <picture>.

An upload is refused unless Pillow reads it as a JPEG, PNG, GIF or WebP image
within MEDIA_MAX_UPLOAD_BYTES and MEDIA_MAX_PIXELS (the pixel count is read
from the header, before any decoding, so a decompression bomb costs nothing).
An accepted image is re-encoded, which drops its EXIF data (location, camera,
owner) after applying its orientation. The original and its renditions (WebP
and a JPEG fallback at RENDITION_WIDTHS no wider than the original) go to
Django's default storage under names made of the content's hash, so a name
never changes meaning and media can be cached for a year, immutable.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

RENDITION_WIDTHS = (160, 320, 640, 960, 1280)
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
FOLDER = "images"
# The card's thumbnail box (CSS .event-thumb): its width and height in CSS pixels.
THUMBNAIL_BOX = (128, 96)


@dataclass(frozen=True)
class Prepared:
    """An accepted upload, re-encoded and ready to store."""

    content: bytes
    extension: str  # "jpg", or "png" for images with transparency
    width: int
    height: int
    has_alpha: bool
    image: Image.Image

    @property
    def digest(self):
        return hashlib.sha256(self.content).hexdigest()[:32]


def prepare(upload):
    """Check an uploaded file and re-encode it without metadata; ValidationError says what is wrong."""
    limit = settings.MEDIA_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"This file is {_megabytes(upload.size)}; images may be at most {_megabytes(limit)}. "
            "Export a smaller version and upload that."
        )
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            _check_pixels(width, height)
            probe.verify()
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(
            "This file is not an image that can be read. Upload a JPEG, PNG, GIF or WebP image."
        ) from None
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError(f"{kind} images are not accepted. Upload a JPEG, PNG, GIF or WebP image.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.load()
        image = ImageOps.exif_transpose(image)
    except Exception:
        raise ValidationError(
            "This image is damaged and cannot be read. Upload a JPEG, PNG, GIF or WebP image."
        ) from None
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    buffer = io.BytesIO()
    # No exif= and no pnginfo=: Pillow writes no metadata unless asked, so the location is gone.
    if has_alpha:
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "JPEG", quality=90, optimize=True)
    return Prepared(buffer.getvalue(), "png" if has_alpha else "jpg", image.width, image.height, has_alpha, image)


def _check_pixels(width, height):
    cap = settings.MEDIA_MAX_PIXELS
    if width * height > cap:
        raise ValidationError(
            f"This image is {width:,} × {height:,} pixels ({width * height / 1e6:.3g} megapixels); "
            f"images may have at most {cap / 1e6:.3g} megapixels. Resize it and upload it again."
        )


def _megabytes(size):
    return filesizeformat(size).replace("\xa0", " ")


def widths_for(width):
    """The rendition widths of an image `width` pixels wide: never wider than the original."""
    widest = min(width, RENDITION_WIDTHS[-1])
    return [*(candidate for candidate in RENDITION_WIDTHS if candidate < widest), widest]


def original_name(digest, extension):
    return f"{FOLDER}/{digest[:2]}/{digest}.{extension}"


def rendition_name(digest, width, extension):
    return f"{FOLDER}/{digest[:2]}/{digest}-{width}w.{extension}"


def store(prepared):
    """Write the original and its renditions to the default storage; returns (name, widths)."""
    digest = prepared.digest
    name = original_name(digest, prepared.extension)
    _save(name, prepared.content)
    widths = widths_for(prepared.width)
    flat = prepared.image
    if prepared.has_alpha:  # JPEG has no transparency: the fallback sits on white
        flat = Image.new("RGB", prepared.image.size, "white")
        flat.paste(prepared.image, mask=prepared.image.getchannel("A"))
    for width in widths:
        height = max(1, round(prepared.height * width / prepared.width))
        for extension, source, options in (
            ("webp", prepared.image, {"format": "WEBP", "quality": 80, "method": 4}),
            ("jpg", flat, {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True}),
        ):
            rendition_file = rendition_name(digest, width, extension)
            if default_storage.exists(rendition_file):
                continue
            buffer = io.BytesIO()
            source.resize((width, height), Image.Resampling.LANCZOS).save(buffer, **options)
            _save(rendition_file, buffer.getvalue())
    return name, widths


def _save(name, content):
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))


@dataclass(frozen=True)
class Picture:
    """What <picture> needs: srcsets in WebP and JPEG, a fallback, the intrinsic size, the alt text."""

    webp_srcset: str
    jpeg_srcset: str
    src: str
    width: int
    height: int
    alt: str
    largest: str  # the widest JPEG rendition: for exports and link previews

    @property
    def thumbnail_height(self):
        """The card thumbnail's height attribute: the box's (the image is cropped to fill it)."""
        return THUMBNAIL_BOX[1]

    @property
    def thumbnail_width(self):
        return THUMBNAIL_BOX[0]


def picture(media):
    """The Picture of an uploaded image (a Media with `image`, `rendition_widths`)."""
    digest = media.digest
    widths = media.rendition_widths or [media.width]

    def srcset(extension):
        return ", ".join(f"{default_storage.url(rendition_name(digest, w, extension))} {w}w" for w in widths)

    fallback = next((w for w in widths if w >= 640), widths[-1])
    return Picture(
        webp_srcset=srcset("webp"),
        jpeg_srcset=srcset("jpg"),
        src=default_storage.url(rendition_name(digest, fallback, "jpg")),
        width=media.width,
        height=media.height,
        alt=media.alt_text,
        largest=default_storage.url(rendition_name(digest, widths[-1], "jpg")),
    )
