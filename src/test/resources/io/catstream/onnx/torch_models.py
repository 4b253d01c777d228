"""PyTorch side of catstream's ONNX tests (run by io.catstream.onnx.TorchModels with Debian's python3-torch).

  train OUT_DIR SIZE            train a small CNN a few steps (seeded, random data), save OUT_DIR/cnn.pt and
                                export OUT_DIR/cnn.onnx (opset 13, NCHW, one logit out, dynamic batch)
  score OUT_DIR SIZE F64 N      p(cat) = sigmoid(logit) of cnn.pt on N images given as float64 little-endian
                                H*W*C features (catstream's own preprocessing), one probability per line
  bad OUT_DIR SIZE              ONNX files catstream must refuse: two_inputs, wrong_shape (SIZE/2),
                                not_probability (outputs 3 + |logit|), custom_op (an operator no runtime has)
"""
import sys

import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(1)


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16, 1)

    def forward(self, x):
        x = torch.max_pool2d(torch.relu(self.bn1(self.conv1(x))), 2)
        x = torch.relu(self.conv2(x))
        x = x.mean(dim=(2, 3))
        return self.fc(x)


def train(out_dir, size):
    torch.manual_seed(15)
    model = SmallCnn()
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    x = torch.randn(32, 3, size, size)
    y = (x[:, 0].mean(dim=(1, 2)) > 0).float().unsqueeze(1)
    model.train()
    for _ in range(5):
        optimiser.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(model(x), y)
        loss.backward()
        optimiser.step()
    model.eval()
    torch.save(model.state_dict(), f"{out_dir}/cnn.pt")
    export(model, torch.zeros(1, 3, size, size), f"{out_dir}/cnn.onnx")
    print(f"trained 5 steps, loss {loss.item():.4f}")


def export(model, example, path, names=("image",), dynamic=True):
    torch.onnx.export(model, example, path, opset_version=13, input_names=list(names), output_names=["logit"],
                      dynamic_axes={names[0]: {0: "batch"}, "logit": {0: "batch"}} if dynamic else None)


def score(out_dir, size, features_file, count):
    model = SmallCnn()
    model.load_state_dict(torch.load(f"{out_dir}/cnn.pt"))
    model.eval()
    hwc = np.fromfile(features_file, dtype="<f8").reshape(count, size, size, 3)
    nchw = torch.from_numpy(hwc.astype(np.float32).transpose(0, 3, 1, 2).copy())
    with torch.no_grad():
        logits = model(nchw).double().numpy().reshape(-1)
    for p in 1.0 / (1.0 + np.exp(-logits)):
        print(repr(float(p)))


class TwoInputs(nn.Module):
    def __init__(self):
        super().__init__()
        self.cnn = SmallCnn()

    def forward(self, x, y):
        return self.cnn(x) + self.cnn(y)


class NotProbability(nn.Module):
    def __init__(self):
        super().__init__()
        self.cnn = SmallCnn()

    def forward(self, x):
        return 3.0 + torch.abs(self.cnn(x))


class Mystery(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x

    @staticmethod
    def symbolic(g, x):
        return g.op("catstream.test::Mystery", x)


class CustomOp(nn.Module):
    def __init__(self):
        super().__init__()
        self.cnn = SmallCnn()

    def forward(self, x):
        return Mystery.apply(self.cnn(x))


def bad(out_dir, size):
    torch.manual_seed(15)
    example = torch.zeros(1, 3, size, size)
    export(TwoInputs().eval(), (example, example), f"{out_dir}/two_inputs.onnx", names=("a", "b"), dynamic=False)
    half = size // 2
    export(SmallCnn().eval(), torch.zeros(1, 3, half, half), f"{out_dir}/wrong_shape.onnx")
    export(NotProbability().eval(), example, f"{out_dir}/not_probability.onnx")
    torch.onnx.export(CustomOp().eval(), example, f"{out_dir}/custom_op.onnx", opset_version=13,
                      custom_opsets={"catstream.test": 1})
    print("wrote two_inputs, wrong_shape, not_probability, custom_op")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "train":
        train(sys.argv[2], int(sys.argv[3]))
    elif command == "score":
        score(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
    elif command == "bad":
        bad(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(f"unknown command {command}")
