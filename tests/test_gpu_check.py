"""benchmarks/gpu_check.py runs its code paths on the CPU (DDP over gloo at world size 1)
and, on a machine without an accelerator, says that nothing was measured."""
import subprocess
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "gpu_check.py"


def run(*args: str) -> str:
    out = subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True,
                         text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def test_every_check_runs_on_the_cpu():
    text = run("--device", "cpu", "--quick")
    for expected in ("fit(): CPU (1 thread), 1 epochs", "DDP over gloo, world size 1",
                     "throughput: fit()", "time to 97 % on digits",
                     "feature maps: resnet18 at 224x224"):
        assert expected in text, text


def test_without_an_accelerator_nothing_is_measured():
    if torch.cuda.is_available():
        return
    assert "nothing measured" in run()


def test_fit_uses_a_process_group_it_finds_at_world_size_one(tmp_path):
    """One gloo rank: fit wraps the model in DDP (the path gpu_check forces on one GPU) and
    trains to the same weights as without it (world size 1: the all-reduce is the identity)."""
    code = f"""
import torch, torch.distributed as dist
from dataclasses import replace
from explorer.data import load_dataset
from explorer.train import FIRST_RUN, fit
torch.set_num_threads(1)
splits = load_dataset("digits")
config = replace(FIRST_RUN, epochs=1, device="cpu")
plain = fit(config, splits=splits).model.state_dict()
wraps = []
class Spy(torch.nn.parallel.DistributedDataParallel):
    def __init__(self, *args, **kwargs):
        wraps.append(1)
        super().__init__(*args, **kwargs)
torch.nn.parallel.DistributedDataParallel = Spy
dist.init_process_group("gloo", init_method="file://{tmp_path}/rendezvous", rank=0,
                        world_size=1)
wrapped = fit(config, splits=splits).model.state_dict()
dist.destroy_process_group()
print(len(wraps), max((plain[k].float() - wrapped[k].float()).abs().max().item()
                     for k in plain))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    wraps, difference = out.stdout.split()[-2:]
    assert wraps == "1"                    # the second fit, and only it, used DDP
    assert float(difference) < 1e-5
