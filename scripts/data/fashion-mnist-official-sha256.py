#!/usr/bin/env python3
"""SHA-256 of the four official Fashion-MNIST .gz files, from Debian's copies, checked against the
MD5 sums Zalando Research publishes.

Debian's dataset-fashion-mnist repacks each .gz file (strip-nondeterminism): it drops the stored
file name and sets the gzip time stamp to the package date, leaving the compressed data and trailer
as they were. This script puts the official header back (FNAME = the file name without .gz, and the
original time stamp, searched for second by second around 2017-08-31 10:50 UTC), checks that the
result has the published MD5, and prints its SHA-256: the digests in Contrastive.Data.Datasets.

    python3 scripts/data/fashion-mnist-official-sha256.py [/usr/share/datasets/fashion-mnist]

Standard library only; a few seconds. (The time stamps were first found by searching all of
August 2017 for the small t10k labels file; the others lie within a minute of it.)
"""
import hashlib
import struct
import sys

PUBLISHED_MD5 = {  # github.com/zalandoresearch/fashion-mnist, README
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
}
AROUND = 1504176627  # 2017-08-31 10:50:27 UTC
WINDOW = 3600


def main() -> int:
    folder = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    failed = False
    for name, md5 in PUBLISHED_MD5.items():
        data = open(f"{folder}/{name}", "rb").read()
        if data[:3] != b"\x1f\x8b\x08" or data[3] != 0:
            print(f"{name}: not a gzip file without optional fields; cannot rebuild the header", file=sys.stderr)
            failed = True
            continue
        tail = data[8:10] + name[:-3].encode() + b"\0" + data[10:]
        for offset in sorted(range(-WINDOW, WINDOW + 1), key=abs):
            official = b"\x1f\x8b\x08\x08" + struct.pack("<I", AROUND + offset) + tail
            if hashlib.md5(official).hexdigest() == md5:
                print(f"{name}  {len(official)} bytes  mtime {AROUND + offset}  md5 {md5}  sha256 {hashlib.sha256(official).hexdigest()}")
                break
        else:
            print(f"{name}: no time stamp within {WINDOW} s gives the published MD5 {md5}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
