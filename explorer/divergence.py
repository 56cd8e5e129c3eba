"""When a training has diverged: the loss left the range a learning network stays in.

A NaN or inf loss is the obvious case, but a learning rate far too high often keeps the loss
finite: on digits, Adam at lr 100 reaches a train loss of 1e15 within ten steps and then sits
at chance (2.30) with dead units; RMSprop at lr 1e6 ends with a test loss of 1.2e16. Relative
to the losses before the first update (``L0``, the training criterion on the first batch;
``V0``, cross-entropy of the untrained net on the validation split), a run has diverged when

    a train loss is NaN or inf,
    one logging window's mean train loss  > BLOW_UP · L0              (sudden blow-up),
    the windows' means for FAR_STEPS steps in a row > FAR_ABOVE · L0  (stays far above),
    a validation loss is NaN / inf or     > VAL_BLOW_UP · V0          (validation explodes).

The margins come from runs measured on digits. SGD, momentum, Nesterov, Adam and AdamW at lr
1e-3 to 1e-1, batch 8, 64 and 512, MLP and LeNet, 5 epochs (150 runs): none tripped; the
highest window was 14 · L0 (Nesterov lr 0.03, batch 8, one window, then 85 %). Validation
stayed under 2.6 · V0 even for an MLP memorising 90 % noisy labels for 40 epochs. The diverged
runs above reach 1e3 to 1e15 · L0 within ten steps. RMSprop takes the momentum setting (0.9 by
default) and is already unstable at lr 1e-2: one run in six there stayed 40-70 · L0 for 30
steps and counts as diverged (left alone it ended at 17 %); at 1e-3 and 3e-3 none tripped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

BLOW_UP = 1000.0       # x L0 in one window: diverged at once
FAR_ABOVE = 10.0       # x L0 ...
FAR_STEPS = 30         # ... for this many steps in a row
VAL_BLOW_UP = 100.0    # x V0 on the validation split

# The reasons, as templates (a page translates them: ui.i18n.message); "diverged: " goes first.
NOT_FINITE = "loss diverged at step {step}: it became {loss} (learning rate too high?)"
BLEW_UP = ("loss diverged at step {step}: it reached {mean:.3g}, over {factor:g}× its start "
           "{start:.3g} (learning rate too high?)")
STAYED_ABOVE = ("loss diverged at step {step}: it stayed over {factor:g}× its start {start:.3g} "
                "for {steps} steps (learning rate too high?)")
VAL_NOT_FINITE = ("validation loss diverged after epoch {epoch}: it became {loss} (learning "
                  "rate too high?)")
VAL_BLEW_UP = ("validation loss diverged after epoch {epoch}: it reached {loss:.3g}, over "
               "{factor:g}× the untrained net's {start:.3g} (learning rate too high?)")


@dataclass
class DivergenceWatch:
    """Feed it each window of train losses and each validation loss; it answers None or the
    reason ``"diverged: ..."`` (the run's stopped_reason)."""
    start_val_loss: float              # V0
    start_loss: float | None = None    # L0: the first train loss it is given
    _far: int = 0                      # steps in a row in windows above FAR_ABOVE · L0

    def train_window(self, first_step: int, losses: Sequence[float]) -> str | None:
        """``losses[i]``: the train loss of step ``first_step + i`` (steps count from 1)."""
        for i, loss in enumerate(losses):
            if not math.isfinite(loss):
                return "diverged: " + NOT_FINITE.format(step=first_step + i, loss=loss)
        if self.start_loss is None:
            self.start_loss = losses[0]
        last, mean = first_step + len(losses) - 1, sum(losses) / len(losses)
        if mean > BLOW_UP * self.start_loss:
            return "diverged: " + BLEW_UP.format(step=last, mean=mean, factor=BLOW_UP,
                                                 start=self.start_loss)
        self._far = self._far + len(losses) if mean > FAR_ABOVE * self.start_loss else 0
        if self._far >= FAR_STEPS:
            return "diverged: " + STAYED_ABOVE.format(step=last, factor=FAR_ABOVE,
                                                      start=self.start_loss, steps=self._far)
        return None

    def validation(self, epoch: int, val_loss: float) -> str | None:
        """The validation loss after ``epoch``."""
        if not math.isfinite(val_loss):
            return "diverged: " + VAL_NOT_FINITE.format(epoch=epoch, loss=val_loss)
        if val_loss > VAL_BLOW_UP * self.start_val_loss:
            return "diverged: " + VAL_BLEW_UP.format(epoch=epoch, loss=val_loss,
                                                     factor=VAL_BLOW_UP,
                                                     start=self.start_val_loss)
        return None
