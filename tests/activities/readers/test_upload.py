"""check_upload: size caps, gzip uploads and compression bombs, all refused before anything is parsed."""

from __future__ import annotations

import gzip
import zlib

import pytest

from trainingops.activities.readers import (
    CompressedBomb,
    CorruptFile,
    EmptyFile,
    FileTooLarge,
    ParseBudget,
    ParseTooSlow,
    UnsupportedFormat,
    check_upload,
    read_activity,
    sniff_format,
)

GPX = (
    b'<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
    b'<trkpt lat="46" lon="14"><time>2024-05-14T06:30:00Z</time></trkpt>'
    b'<trkpt lat="46.001" lon="14"><time>2024-05-14T06:31:00Z</time></trkpt></trkseg></trk></gpx>'
)


def test_a_plain_upload_passes_through_unchanged() -> None:
    assert check_upload(GPX, max_bytes=1000) == GPX


def test_a_gzipped_upload_is_decompressed() -> None:
    assert check_upload(gzip.compress(GPX), max_bytes=1000) == GPX


def test_concatenated_gzip_members_are_one_file() -> None:
    half = len(GPX) // 2
    assert check_upload(gzip.compress(GPX[:half]) + gzip.compress(GPX[half:]), max_bytes=1000) == GPX


def test_an_empty_upload_is_refused() -> None:
    with pytest.raises(EmptyFile):
        check_upload(b"", max_bytes=1000)
    with pytest.raises(EmptyFile):
        check_upload(gzip.compress(b""), max_bytes=1000)


def test_an_oversized_upload_is_refused_with_413() -> None:
    with pytest.raises(FileTooLarge) as caught:
        check_upload(GPX, max_bytes=len(GPX) - 1)
    assert caught.value.status == 413 and caught.value.code == "activity_file_too_large"


def test_a_compression_bomb_is_stopped_at_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)  # 50 MiB in ~50 KiB
    assert len(bomb) < 100_000
    with pytest.raises(CompressedBomb) as caught:
        check_upload(bomb, max_bytes=200_000, max_decompressed_bytes=4 * 1024 * 1024)
    assert caught.value.status == 413


def test_truncated_or_damaged_gzip_is_corrupt() -> None:
    packed = gzip.compress(GPX)
    with pytest.raises(CorruptFile, match="truncated"):
        check_upload(packed[:-12], max_bytes=1000)
    damaged = bytearray(packed)
    damaged[20] ^= 0xFF
    with pytest.raises(CorruptFile):
        check_upload(bytes(damaged), max_bytes=1000)


def test_trailing_garbage_after_gzip_is_corrupt() -> None:
    with pytest.raises(CorruptFile):
        check_upload(gzip.compress(GPX) + b"junk", max_bytes=1000)


def test_double_compression_is_refused() -> None:
    with pytest.raises(UnsupportedFormat):
        check_upload(gzip.compress(gzip.compress(GPX)), max_bytes=1000)


def test_read_activity_refuses_gzip_it_was_not_given_decompressed() -> None:
    with pytest.raises(UnsupportedFormat, match="check_upload"):
        read_activity(gzip.compress(GPX))


def test_raw_deflate_or_zip_is_not_a_supported_format() -> None:
    with pytest.raises(UnsupportedFormat):
        sniff_format(zlib.compress(GPX))
    with pytest.raises(UnsupportedFormat):
        sniff_format(b"PK\x03\x04" + b"\0" * 40)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT", "fit"),
        (b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- exported --><gpx version='1.1'>", "gpx"),
        (b"  <ns0:gpx xmlns:ns0='http://www.topografix.com/GPX/1/0'>", "gpx"),
        (b"<?xml version='1.0'?><TrainingCenterDatabase>", "tcx"),
    ],
)
def test_the_format_is_sniffed_from_the_content(head: bytes, expected: str) -> None:
    assert sniff_format(head) == expected


def test_other_xml_and_text_are_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match="kml"):
        sniff_format(b"<?xml version='1.0'?><kml></kml>")
    with pytest.raises(UnsupportedFormat):
        sniff_format(b"date,distance\n2024-01-01,5000\n")


# ---------------------------------------------------------------------------------- issue 11: the hanging loop

CHUNK = 1024 * 1024


@pytest.mark.timeout(30)
@pytest.mark.parametrize("chunks", [1, 2, 3])
@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (gzip.compress(b"x", mtime=0), b"x"),
        (b"", b""),
        (b"trailing junk", CorruptFile),
        (gzip.compress(b"x", mtime=0)[:12], CorruptFile),
        (b"\x1f\x8b", CorruptFile),
    ],
    ids=["another member", "nothing after", "trailing junk", "a truncated member", "only a magic number"],
)
def test_a_member_of_exactly_n_chunks_ends_at_its_end_whatever_follows(
    chunks: int, tail: bytes, expected: bytes | type[Exception]
) -> None:
    """A member whose content is an exact multiple of the inflate slice used to leave the loop spinning on an
    empty unconsumed_tail forever (the 2,088-byte body of the issue)."""
    data = gzip.compress(b"\0" * (chunks * CHUNK)) + tail
    if isinstance(expected, bytes):
        assert (
            check_upload(data, max_bytes=len(data), max_decompressed_bytes=8 * CHUNK)
            == b"\0" * (chunks * CHUNK) + expected
        )
    else:
        with pytest.raises(expected):
            check_upload(data, max_bytes=len(data), max_decompressed_bytes=8 * CHUNK)


def test_a_member_over_the_cap_after_an_exact_chunk_is_a_bomb() -> None:
    data = gzip.compress(b"\0" * CHUNK) + gzip.compress(b"\0" * (4 * CHUNK))
    with pytest.raises(CompressedBomb):
        check_upload(data, max_bytes=len(data), max_decompressed_bytes=2 * CHUNK)


def test_thousands_of_tiny_members_are_refused() -> None:
    data = gzip.compress(b"x") * 100
    with pytest.raises(CorruptFile) as caught:
        check_upload(data, max_bytes=len(data))
    assert caught.value.detail == "The gzip data has more than 64 members; it is not a device file."


def test_a_read_past_its_time_budget_is_refused_with_its_own_code() -> None:
    spent = ParseBudget(seconds=0.0, started=0.0)
    with pytest.raises(ParseTooSlow) as caught:
        check_upload(gzip.compress(GPX), max_bytes=1000, budget=spent)
    assert (caught.value.status, caught.value.code) == (422, "activity_file_too_complex")
    with pytest.raises(ParseTooSlow):
        read_activity(GPX, budget=spent)
