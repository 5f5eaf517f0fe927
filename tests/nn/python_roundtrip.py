#!/usr/bin/python3
"""The Python side of tests/nn/test_serialize.cpp's round_trips_with_python (issue 22).

  python_roundtrip.py save DIR   trains BatchNorm statistics of make_fixtures.Net, writes
                                 DIR/python_net.pt (torch.save of state_dict),
                                 DIR/python_net.safetensors and DIR/python_io.pt (input, output)
  python_roundtrip.py check DIR  loads DIR/tapegrad_net.pt with torch.load(weights_only=True) and
                                 DIR/tapegrad_net.safetensors with the numpy reader below into
                                 Net, and compares Net's outputs on tapegrad's input with
                                 tapegrad's outputs (DIR/tapegrad_io.pt); exit status 0 if equal.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "pytorch"))
from make_fixtures import Net, write_safetensors  # noqa: E402

DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64, "I32": np.int32,
          "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


def read_safetensors(filename):
    """The format's description, with the standard library and numpy."""
    with open(filename, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype=np.dtype(DTYPES[entry["dtype"]]).newbyteorder("<"))
        out[name] = torch.from_numpy(array.reshape(entry["shape"]).copy())
    return out


def save(directory):
    torch.manual_seed(3)
    net = Net()
    net.train()
    net(torch.randn(8, 1, 8, 8))
    net.eval()
    x = torch.randn(3, 1, 8, 8)
    with torch.no_grad():
        y = net(x)
    torch.save(net.state_dict(), os.path.join(directory, "python_net.pt"))
    write_safetensors(os.path.join(directory, "python_net.safetensors"),
                      {k: v.numpy() for k, v in net.state_dict().items()})
    torch.save({"input": x, "output": y}, os.path.join(directory, "python_io.pt"))
    return 0


def check(directory):
    io = torch.load(os.path.join(directory, "tapegrad_io.pt"), weights_only=True)
    status = 0
    for name, load in [("tapegrad_net.pt", lambda p: torch.load(p, weights_only=True)),
                       ("tapegrad_net.safetensors", read_safetensors)]:
        net = Net()
        net.load_state_dict(load(os.path.join(directory, name)))  # strict: every key, every shape
        net.eval()
        with torch.no_grad():
            y = net(io["input"])
        diff = (y - io["output"]).abs().max().item()
        ok = torch.allclose(y, io["output"], rtol=1e-5, atol=1e-6)
        print(f"python_roundtrip: {name}: max |python - tapegrad| = {diff:.3g} {'OK' if ok else 'MISMATCH'}")
        status |= 0 if ok else 1
    return status


if __name__ == "__main__":
    mode, directory = sys.argv[1], sys.argv[2]
    sys.exit(save(directory) if mode == "save" else check(directory))
