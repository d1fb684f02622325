"""analysis/epochs.py: which loops iterate epochs (not steps or GAN iterations), and how many
epochs a `for ... in range(n)` loop runs when the file shows n (`range`, `trange`,
`tqdm(range(n))`, a parameter's default or the arguments its call sites pass)."""

from __future__ import annotations

import pytest

from tests.analysis.helpers import loop_with_header, semantic_model

PREAMBLE = "from tqdm import tqdm, trange\nimport tqdm as tq\nEPOCHS = 10\n"

CASES = [
    # --- range and progress bars ---------------------------------------------------------------
    pytest.param(
        "for epoch in range(EPOCHS):\n    pass\n",
        "for epoch in range(EPOCHS)",
        True,
        "10",
        id="range-of-constant",
    ),
    pytest.param(
        "for ep in range(5):\n    pass\n", "for ep in range(5)", True, "5", id="ep-variable"
    ),
    pytest.param(
        "for e in trange(5):\n    model.fit(x, y, epochs=1)\n",
        "for e in trange(5)",
        True,
        "5",
        id="trange-fit-one-epoch",
    ),
    pytest.param(
        "for i in tqdm(range(20)):\n    model.fit(x, y, epochs=1)\n",
        "for i in tqdm(range(20))",
        True,
        "20",
        id="tqdm-range-fit-one-epoch",
    ),
    pytest.param(
        "for epoch in tqdm(range(EPOCHS)):\n    pass\n",
        "for epoch in tqdm(range(EPOCHS))",
        True,
        "10",
        id="tqdm-range-epoch-variable",
    ),
    pytest.param(
        'for i in tq.tqdm(range(7), desc="epochs"):\n    pass\n',
        'for i in tq.tqdm(range(7), desc="epochs")',
        True,
        "7",
        id="tqdm-module-desc-says-epochs",
    ),
    pytest.param(
        "for i, batch in enumerate(range(12)):\n    model.fit(x, y, epochs=1)\n",
        "for i, batch in enumerate(range(12))",
        True,
        "12",
        id="enumerate-range-fit-one-epoch",
    ),
    pytest.param(
        "for batch in tqdm(range(100), total=100):\n    pass\n",
        "for batch in tqdm(range(100), total=100)",
        False,
        "100",
        id="tqdm-range-of-batches",
    ),
    pytest.param(
        "for i in range(n_epochs):\n    pass\n",
        "for i in range(n_epochs)",
        True,
        None,
        id="bound-names-epochs-unknown-value",
    ),
    pytest.param(
        "for i in range(epochs // 2):\n    pass\n",
        "for i in range(epochs // 2)",
        True,
        None,
        id="bound-expression-mentions-epochs",
    ),
    pytest.param(
        "for epoch in range(1, EPOCHS + 1):\n    pass\n",
        "for epoch in range(1, EPOCHS + 1)",
        True,
        "10",  # range(1, EPOCHS + 1) runs EPOCHS times
        id="range-from-one",
    ),
    # --- not epoch loops -----------------------------------------------------------------------
    pytest.param(
        "for i in range(30000):\n    gan.train_on_batch(x, y)\n",
        "for i in range(30000)",
        False,
        "30000",
        id="gan-iterations",
    ),
    pytest.param(
        "for epoch in range(30000):\n    gan.train_on_batch(x, y)\n",
        "for epoch in range(30000)",
        False,
        "30000",
        id="gan-iterations-named-epoch",
    ),
    pytest.param(
        "for epoch in range(EPOCHS):\n    for step in range(100):\n        pass\n",
        "for step in range(100)",
        False,
        "100",
        id="steps-inside-epoch-loop",
    ),
    pytest.param(
        "for epoch in range(EPOCHS):\n    for i in range(3):\n        model.fit(x, y, epochs=1)\n",
        "for i in range(3)",
        False,
        "3",
        id="inner-loop-fitting-one-epoch",
    ),
    pytest.param(
        "for i in range(3):\n    model.fit(x, y, epochs=2)\n",
        "for i in range(3)",
        False,
        "3",
        id="fit-more-than-one-epoch",
    ),
    pytest.param(
        "for i in range(3):\n    pass\n", "for i in range(3)", False, "3", id="plain-range"
    ),
    pytest.param(
        "for i in range(steps_per_epoch):\n    pass\n",
        "for i in range(steps_per_epoch)",
        False,
        None,
        id="steps-per-epoch-is-steps",
    ),
    pytest.param(
        "for x in data:\n    model.fit(x, y, epochs=1)\n",
        "for x in data",
        False,
        None,
        id="fit-one-epoch-over-data",
    ),
    # --- while loops -----------------------------------------------------------------------------
    pytest.param(
        "epoch = 0\nwhile epoch < EPOCHS:\n    epoch += 1\n",
        "while epoch < EPOCHS",
        True,
        None,
        id="while-epoch-below-epochs",
    ),
    pytest.param(
        "while step < total_steps:\n    pass\n",
        "while step < total_steps",
        False,
        None,
        id="while-steps",
    ),
    pytest.param("while True:\n    pass\n", "while True", False, None, id="while-true"),
    # --- parameter bounds ------------------------------------------------------------------------
    pytest.param(
        """
        def train(epochs=50):
            for epoch in range(epochs):
                pass
        train()
        """,
        "for epoch in range(epochs)",
        True,
        "50",
        id="parameter-default",
    ),
    pytest.param(
        """
        def train(epochs):
            for epoch in range(epochs):
                pass
        train(epochs=20)
        train(5)
        """,
        "for epoch in range(epochs)",
        True,
        "20",
        id="parameter-largest-call-site",
    ),
    pytest.param(
        """
        def train(epochs=10):
            for epoch in range(epochs):
                pass
        train(epochs=99)
        train(epochs=E)
        """,
        "for epoch in range(epochs)",
        True,
        "99",
        id="parameter-call-site-over-default",
    ),
    pytest.param(
        """
        def train(epochs):
            for epoch in range(epochs):
                pass
        """,
        "for epoch in range(epochs)",
        True,
        None,
        id="parameter-never-passed",
    ),
    pytest.param(
        """
        def train(epochs=10):
            epochs = 3
            for epoch in range(epochs):
                pass
        train(epochs=99)
        """,
        "for epoch in range(epochs)",
        True,
        "3",
        id="parameter-rebound-in-body",
    ),
    pytest.param(
        """
        def train(n):
            for i in range(n):
                model.fit(x, y, epochs=1)
        train(n=40)
        """,
        "for i in range(n)",
        True,
        "40",
        id="parameter-loop-fits-one-epoch",
    ),
    pytest.param(
        """
        class GAN:
            def train(self, epochs, batch_size=128):
                for epoch in range(epochs):
                    pass
        gan = GAN()
        gan.train(epochs=30000, batch_size=32)
        """,
        "for epoch in range(epochs)",
        False,
        "30000",
        id="method-parameter-gan-iterations",
    ),
    pytest.param(
        """
        class GAN:
            def train(self, epochs, batch_size=128):
                for epoch in range(epochs):
                    pass
        gan = GAN()
        gan.train(100, batch_size=32)
        """,
        "for epoch in range(epochs)",
        True,
        "100",
        id="method-parameter-positional",
    ),
]


@pytest.mark.parametrize(("source", "header", "is_epoch_loop", "count_text"), CASES)
def test_epochs(source: str, header: str, is_epoch_loop: bool, count_text: str | None) -> None:
    semantic = semantic_model(source, PREAMBLE)
    loop = loop_with_header(semantic, header)
    assert (semantic.epochs.is_epoch_loop(loop), semantic.epochs.epoch_count_text(loop)) == (
        is_epoch_loop,
        count_text,
    )
