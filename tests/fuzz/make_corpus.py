#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora: small valid IDX files and checkpoints, and a few broken
ones (truncated, bad checksum, trailing bytes). The checkpoints are built here from the format
description in nn/serialize/archive.h, independently of the C++ writer, so the seeds also pin the
format down. Run from anywhere; it writes into tests/fuzz/corpus_idx and corpus_checkpoint."""
import gzip
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def write(folder, name, data):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    with open(os.path.join(HERE, folder, name), "wb") as f:
        f.write(data)


# ---- IDX: 00 00 08 rank, big-endian u32 sizes, unsigned bytes ----
def idx(shape, payload=None):
    n = 1
    for s in shape:
        n *= s
    if payload is None:
        payload = bytes((i * 37) & 0xFF for i in range(n))
    return bytes([0, 0, 8, len(shape)]) + b"".join(struct.pack(">I", s) for s in shape) + payload


def idx_corpus():
    labels = idx([10])
    images = idx([2, 4, 4])
    write("corpus_idx", "labels_10", labels)
    write("corpus_idx", "images_2x4x4", images)
    write("corpus_idx", "matrix_3x5", idx([3, 5]))
    write("corpus_idx", "rank4_1x2x2x3", idx([1, 2, 2, 3]))
    write("corpus_idx", "empty_0x28x28", idx([0, 28, 28]))
    write("corpus_idx", "images_gz", gzip.compress(images, mtime=0))
    write("corpus_idx", "truncated_header", images[:9])
    write("corpus_idx", "truncated_data", images[:-5])
    write("corpus_idx", "trailing_bytes", labels + b"xyz")
    write("corpus_idx", "float_type", bytes([0, 0, 0x0D, 1, 0, 0, 0, 1]) + b"\0\0\0\0")
    write("corpus_idx", "truncated_gz", gzip.compress(images, mtime=0)[:-6])


# ---- checkpoints: see the format comment in nn/serialize/archive.h ----
DTYPES = {"u8": (1, "B"), "i32": (2, "i"), "i64": (3, "q"), "f32": (4, "f"), "f64": (5, "d"),
          "bool": (6, "?")}


def record(name, dtype=None, shape=(), values=(), flags=0):
    body = struct.pack("<I", len(name)) + name.encode()
    if dtype is None:  # an undefined tensor
        body += struct.pack("<BBIQ", 255, flags, 0, 0)
    else:
        code, fmt = DTYPES[dtype]
        payload = b"".join(struct.pack("<" + fmt, v) for v in values)
        body += struct.pack("<BBI", code, flags, len(shape))
        body += b"".join(struct.pack("<q", s) for s in shape)
        body += struct.pack("<Q", len(payload)) + payload
    return body + struct.pack("<I", zlib.crc32(body))


def checkpoint(kind, records):
    head = b"TGCKPT01" + struct.pack("<IIQ", 1, kind, len(records))
    return head + struct.pack("<I", zlib.crc32(head)) + b"".join(records)


def checkpoint_corpus():
    tensor = checkpoint(3, [record("tensor", "f32", (2, 3), [0.5 * i for i in range(6)], 1)])
    tensor_list = checkpoint(4, [record("size", "i64", (), [3]),
                                 record("0", "f64", (2,), [1.0, -2.0]),
                                 record("1"),
                                 record("2", "i32", (0, 4), [])])
    module = checkpoint(1, [record("fc.weight", "f32", (2, 4), [0.1 * i for i in range(8)], 1),
                            record("fc.bias", "f32", (2,), [0.0, 1.0], 1),
                            record("bn.running_mean", "f32", (2,), [0.0, 0.0], 2),
                            record("bn.num_batches_tracked", "i64", (), [7], 2)])
    optimizer = checkpoint(2, [record("optimizer", "u8", (3,), list(b"SGD")),
                               record("param_groups", "i64", (), [1]),
                               record("param_groups.0.size", "i64", (), [1]),
                               record("param_groups.0.options.lr", "f64", (), [0.1]),
                               record("param_groups.0.params.0.shape", "i64", (1,), [2]),
                               record("param_groups.0.params.0.state.momentum_buffer", "f32",
                                      (2,), [0.25, -0.5])])
    archive = checkpoint(5, [record("flag", "bool", (2,), [True, False]),
                             record("bytes", "u8", (4,), [1, 2, 3, 4])])
    write("corpus_checkpoint", "tensor", tensor)
    write("corpus_checkpoint", "tensor_list", tensor_list)
    write("corpus_checkpoint", "module", module)
    write("corpus_checkpoint", "optimizer", optimizer)
    write("corpus_checkpoint", "archive", archive)
    write("corpus_checkpoint", "empty_archive", checkpoint(5, []))
    write("corpus_checkpoint", "truncated_header", module[:20])
    write("corpus_checkpoint", "truncated_record", module[:-9])
    write("corpus_checkpoint", "trailing_bytes", tensor + b"\0")
    broken = bytearray(tensor)
    broken[40] ^= 0xFF
    write("corpus_checkpoint", "bad_record_crc", bytes(broken))


# ---- weights-only pickles: the data.pkl of each torch.save fixture, plus hand-written edge cases.
# (The torch.save and safetensors targets use tests/fixtures/pytorch itself as their seeds.)
def pickle_corpus():
    import zipfile
    fixtures = os.path.join(HERE, "..", "fixtures", "pytorch")
    for name in sorted(os.listdir(fixtures)):
        if name.endswith(".pt") and zipfile.is_zipfile(os.path.join(fixtures, name)):
            with zipfile.ZipFile(os.path.join(fixtures, name)) as z:
                pkl = [n for n in z.namelist() if n.endswith("/data.pkl")][0]
                write("corpus_pickle", name[:-3] + ".pkl", z.read(pkl))
    proto = b"\x80\x02"
    write("corpus_pickle", "scalars", proto + b"(NK\x05M\x00\x01J\xff\xff\xff\xff\x8a\x01\xfe"
          b"G?\xf0\x00\x00\x00\x00\x00\x00\x88\x89X\x01\x00\x00\x00aU\x01bt.")
    write("corpus_pickle", "memo", proto + b"]q\x00(K\x01K\x02eh\x00h\x00\x86.")
    write("corpus_pickle", "cycle", proto + b"]q\x00h\x00a.")
    # A tensor whose view needs more storage than there is (the loader serves 8 bytes).
    write("corpus_pickle", "tensor", proto + b"ctorch._utils\n_rebuild_tensor_v2\n((X\x07\x00\x00\x00"
          b"storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x02tQK\x00"
          b"K\x04\x85K\x01\x85\x89ccollections\nOrderedDict\n)RtR.")


if __name__ == "__main__":
    idx_corpus()
    checkpoint_corpus()
    pickle_corpus()
