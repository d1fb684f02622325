"""FL001 next-reused-across-epochs: one batch per epoch, or an iterator exhausted in epoch 1."""

from __future__ import annotations

import pytest

from tests.rules.helpers import Case, assert_case, lint

PREAMBLE = """
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

model = keras.Sequential([keras.layers.Dense(1)])
x = np.random.rand(1000, 10)
y = np.random.rand(1000, 1)
EPOCHS = 5

def forever(x, y):
    while True:
        for i in range(0, len(x), 32):
            yield x[i:i + 32], y[i:i + 32]

def once(x, y):
    for i in range(0, len(x), 32):
        yield x[i:i + 32], y[i:i + 32]
"""


def fl001(source: str) -> list[str]:
    return [d.message for d in lint(PREAMBLE + source) if d.code == "FL001"]


LOADER_CLASS = """
class Loader:
    def __init__(self, images):
        self.images = images

    def batches(self, size):
        for start in range(0, len(self.images), size):
            yield self.images[start:start + size]

    def endless(self):
        while True:
            yield self.images[:32]

loader = Loader(x)
"""
CUSTOM_STEP = """
opt = keras.optimizers.Adam()

@tf.function
def train_step(a, b):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(model(a) - b)
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
"""


POSITIVE_CASES: dict[str, Case] = {
    "method_generator_made_before_the_epoch_loop": Case(
        LOADER_CLASS + "batches = loader.batches(64)\nfor epoch in range(EPOCHS):\n"
        "    for xb in batches:\n        model.train_on_batch(xb, xb)\n",
        [(35, 15)],
        "`batches` is a generator object (`batches()`) made before `for epoch in range(EPOCHS)`: "
        "the first epoch exhausts it",
    ),
    "next_on_a_method_generator_per_epoch": Case(
        LOADER_CLASS + "stream = loader.endless()\nfor epoch in range(EPOCHS):\n"
        "    model.train_on_batch(next(stream), y[:32])\n",
        [(35, 26)],
        "`next(stream)` runs once per epoch of `for epoch in range(EPOCHS)` and nothing else in "
        "the epoch draws from `stream` (made before the loop): each epoch trains on a single "
        "batch, 5 batches in all,",
    ),
    "next_per_epoch": Case(
        "gen = forever(x, y)\nfor epoch in range(EPOCHS):\n"
        "    xb, yb = next(gen)\n    model.train_on_batch(xb, yb)\n",
        [(21, 14)],
        "`next(gen)` runs once per epoch of `for epoch in range(EPOCHS)` and nothing else in the "
        "epoch draws from `gen` (made before the loop): each epoch trains on a single batch, 5 "
        "batches in all,",
    ),
    "next_per_epoch_fit": Case(
        "gen = forever(x, y)\nfor epoch in range(10):\n"
        "    xb, yb = next(gen)\n    model.fit(xb, yb, epochs=1)\n",
        [(21, 14)],
        "`next(gen)` runs once per epoch of `for epoch in range(10)` and nothing else in the "
        "epoch draws from `gen` (made before the loop): each epoch trains on a single batch, 10 "
        "batches in all,",
    ),
    "next_method_on_flow": Case(
        "flow = ImageDataGenerator().flow(x, y, batch_size=32)\n"
        "for e in range(EPOCHS):\n    xb, yb = flow.next()\n    model.train_on_batch(xb, yb)\n",
        [(21, 14)],
        "`flow.next()` runs once per epoch of `for e in range(EPOCHS)` and nothing else in the "
        "epoch draws from `flow` (made before the loop): each epoch trains on a single batch, 5 "
        "batches in all,",
    ),
    "while_epoch_loop": Case(
        "it = iter(tf.data.Dataset.from_tensor_slices((x, y)).batch(32))\nepoch = 0\n"
        "while epoch < EPOCHS:\n    xb, yb = next(it)\n    model.train_on_batch(xb, yb)\n"
        "    epoch += 1\n",
        [(22, 14)],
        "`next(it)` runs once per epoch of `while epoch < EPOCHS` and nothing else in the epoch "
        "draws from `it` (made before the loop): each epoch trains on a single batch instead of "
        "a pass over the data.",
    ),
    "tqdm_epochs": Case(
        "from tqdm import tqdm\ngen = forever(x, y)\nfor ep in tqdm(range(EPOCHS)):\n"
        "    batch = next(gen)\n    model.train_on_batch(*batch)\n",
        [(22, 13)],
        "`next(gen)` runs once per epoch of `for ep in tqdm(range(EPOCHS))` and nothing else in "
        "the epoch draws from `gen` (made before the loop): each epoch trains on a single batch, "
        "5 batches in all,",
    ),
    "inside_function": Case(
        "def train(n_epochs):\n    gen = forever(x, y)\n    for epoch in range(n_epochs):\n"
        "        xb, yb = next(gen)\n        loss = model.train_on_batch(xb, yb)\n",
        [(22, 18)],
        "`next(gen)` runs once per epoch of `for epoch in range(n_epochs)` and nothing else in "
        "the epoch draws from `gen` (made before the loop): each epoch trains on a single batch "
        "instead of a pass over the data.",
    ),
    "finite_generator_for_loop": Case(
        "batches = once(x, y)\nfor epoch in range(EPOCHS):\n    for xb, yb in batches:\n"
        "        model.train_on_batch(xb, yb)\n",
        [(21, 19)],
        "`batches` is a generator object (`once()`) made before `for epoch in range(EPOCHS)`: "
        "the first epoch exhausts it",
    ),
    "zip_iterator_for_loop": Case(
        "pairs = zip(np.array_split(x, 10), np.array_split(y, 10))\n"
        "for epoch in range(EPOCHS):\n    for xb, yb in pairs:\n        model.train_on_batch(xb, yb)\n",
        [(21, 19)],
        "`pairs` is a one-shot iterator (`zip(np.array_split(x, 10), np.array_split(y, ...`) "
        "made before `for epoch in range(EPOCHS)`: the first epoch exhausts it",
    ),
    "generator_expression": Case(
        "chunks = ((x[i:i + 32], y[i:i + 32]) for i in range(0, 1000, 32))\n"
        "for epoch in range(EPOCHS):\n    for xb, yb in chunks:\n        model.train_on_batch(xb, yb)\n",
        [(21, 19)],
        "`chunks` is a one-shot iterator (`((x[i:i + 32], y[i:i + 32]) for i in range(0,...`) "
        "made before `for epoch in range(EPOCHS)`: the first epoch exhausts it",
    ),
    "finite_generator_passed_to_fit_per_epoch": Case(
        "data = once(x, y)\nfor epoch in range(EPOCHS):\n    model.fit(data, epochs=1)\n",
        [(21, 15)],
        "`data` is a generator object (`once()`) made before `for epoch in range(EPOCHS)`: the "
        "first `fit()` exhausts it",
    ),
    "enumerate_of_exhausted_generator": Case(
        "g3 = once(x, y)\nfor epoch in range(EPOCHS):\n    for step, (xb, yb) in enumerate(g3):\n"
        "        model.train_on_batch(xb, yb)\n",
        [(21, 37)],
        "`g3` is a generator object (`once()`) made before `for epoch in range(EPOCHS)`: the "
        "first epoch exhausts it",
    ),
    "next_of_fresh_iter_each_epoch": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "for epoch in range(EPOCHS):\n    xb, yb = next(iter(ds))\n    model.train_on_batch(xb, yb)\n",
        [(21, 14)],
        "`next(iter(ds))` runs once per epoch of `for epoch in range(EPOCHS)` and makes a new "
        "iterator each time: every epoch trains on the first batch of `ds` only, 5 batches in "
        "all,",
    ),
    "as_numpy_iterator": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\nit = ds.as_numpy_iterator()\n"
        "for epoch in range(EPOCHS):\n    for xb, yb in it:\n        model.train_on_batch(xb, yb)\n",
        [(22, 19)],
        "`it` is a one-shot iterator "
        "(`tf.data.Dataset.from_tensor_slices((x, y)).as_numpy_iterator()`) "
        "made before `for epoch in range(EPOCHS)`: the first epoch exhausts it",
    ),
    "finite_generator_object_fit_many_epochs": Case(
        "g = once(x, y)\nmodel.fit(g, epochs=3)\n",
        [(20, 11)],
        "`g` is a generator object (`once()`) that yields 32 items once: fit(epochs=3) exhausts "
        'it in epoch 1, and epochs 2-3 get no new data: each warns "Your input ran out of data" '
        "and trains again on the few batches Keras read ahead.",
    ),
    "finite_generator_call_in_fit": Case(
        "model.fit(once(x, y), epochs=EPOCHS)\n",
        [(19, 11)],
        "`once(x, y)` is a generator object (`once()`) that yields 32 items once: "
        "fit(epochs=5) exhausts it in epoch 1",
    ),
    "finite_generator_validation_data": Case(
        "model.fit(x, y, epochs=4, validation_data=once(x, y))\n",
        [(19, 43)],
        "validation_data `once(x, y)` is a generator object (`once()`) that yields 32 items once: "
        "the first validation of fit(epochs=4) exhausts it, and the validations of epochs 2-4 see "
        'only the few batches Keras read ahead and warn "Your input ran out of data".',
    ),
    "one_shot_iterator_fit_many_epochs": Case(
        "pairs = iter([(x, y), (x, y)])\nmodel.fit(pairs, epochs=2)\n",
        [(20, 11)],
        "`pairs` is a one-shot iterator (`iter([(x, y), (x, y)])`): fit(epochs=2) exhausts it "
        "in epoch 1, and epoch 2 gets no new data",
    ),
    "generator_with_default_arguments": Case(
        "def windows(values, size=30):\n    for i in range(len(values) - size):\n"
        "        yield values[i : i + size], values[i + size]\n"
        "model.fit(windows(x), epochs=8)\n",
        [(22, 11)],
        "`windows(x)` is a generator object (`windows()`) that yields 970 items once",
    ),
    "iterator_passed_into_custom_training_loop": Case(
        CUSTOM_STEP + "it = iter(tf.data.Dataset.from_tensor_slices((x, y)).batch(32))\n"
        "def train(source, epochs):\n    for epoch in range(epochs):\n"
        "        a, b = next(source)\n        train_step(a, b)\n"
        "train(it, 50)\n",
        [(31, 16)],
        "`next(source)` runs once per epoch of `for epoch in range(epochs)` and nothing else in "
        "the epoch draws from `source` (passed in as `iter(tf.data.Dataset.from_tensor_slices((x, "
        "y...`): each epoch trains on a single batch, 50 batches in all, instead of a pass "
        "over the data.",
    ),
    "gan_class_draws_one_batch_per_epoch": Case(
        "class Gan:\n"
        "    def __init__(self, data):\n"
        "        self.opt = keras.optimizers.Adam()\n"
        "        self.batches = iter(data)\n"
        "    def step(self, real):\n"
        "        with tf.GradientTape() as tape:\n"
        "            loss = tf.reduce_mean(model(real))\n"
        "        grads = tape.gradient(loss, model.trainable_variables)\n"
        "        self.opt.apply_gradients(zip(grads, model.trainable_variables))\n"
        "    def train(self, epochs=100):\n"
        "        it = self.batches\n"
        "        for epoch in range(epochs):\n"
        "            self.step(next(it))\n"
        "Gan(tf.data.Dataset.from_tensor_slices(x).batch(32)).train()\n",
        [(31, 23)],
        "`next(it)` runs once per epoch of `for epoch in range(epochs)` and nothing else in the "
        "epoch draws from `it` (made before the loop): each epoch trains on a single batch, 100 "
        "batches in all",
    ),
    "iterator_passed_by_keyword_to_a_method_step": Case(
        CUSTOM_STEP + "class Trainer:\n    def fit_loop(self, source, epochs=20):\n"
        "        for epoch in range(epochs):\n            train_step(*next(source))\n"
        "Trainer().fit_loop(source=iter(tf.data.Dataset.from_tensor_slices((x, y)).batch(8)))\n",
        [(31, 25)],
        "`next(source)` runs once per epoch of `for epoch in range(epochs)`",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(PREAMBLE + case.source) if d.code == "FL001"], case, "FL001")


FALSE_POSITIVE_TRAPS = {
    "method_generator_made_in_each_epoch": (
        LOADER_CLASS + "for epoch in range(EPOCHS):\n"
        "    for xb in loader.batches(64):\n        model.train_on_batch(xb, xb)\n"
    ),
    "method_that_returns_a_list": (
        "class Store:\n    def all(self):\n        return [x[:32], x[32:64]]\n"
        "parts = Store().all()\nfor epoch in range(EPOCHS):\n"
        "    for xb in parts:\n        model.train_on_batch(xb, xb)\n"
    ),
    "inner_loop_over_steps_per_epoch": (
        "gen = forever(x, y)\nsteps_per_epoch = 31\nfor epoch in range(EPOCHS):\n"
        "    for step in range(steps_per_epoch):\n        xb, yb = next(gen)\n"
        "        model.train_on_batch(xb, yb)\n"
    ),
    "while_over_steps_per_epoch": (
        "gen = forever(x, y)\nfor epoch in range(EPOCHS):\n    step = 0\n"
        "    while step < steps_per_epoch:\n        model.train_on_batch(*next(gen))\n"
        "        step += 1\n"
    ),
    "preview_batch_next_to_full_fit": (
        "preview = forever(x, y)\nfor epoch in range(EPOCHS):\n    model.fit(x, y, epochs=1)\n"
        "    xv, _ = next(preview)\n    model.predict(xv)\n"
    ),
    "next_in_inner_step_loop": (
        "gen = forever(x, y)\nfor epoch in range(EPOCHS):\n    for step in range(31):\n"
        "        xb, yb = next(gen)\n        model.train_on_batch(xb, yb)\n"
    ),
    "gan_iterations_loop": (
        "gen = forever(x, y)\nfor iteration in range(20000):\n    xb, yb = next(gen)\n"
        "    model.train_on_batch(xb, yb)\n"
    ),
    "gan_epochs_counted_in_thousands": (
        "gen = forever(x, y)\nfor epoch in range(30000):\n    xb, yb = next(gen)\n"
        "    model.train_on_batch(xb, yb)\n"
    ),
    "gan_epochs_parameter_called_with_thousands": (
        "class GAN:\n    def train(self, epochs, batch_size=32):\n        gen = forever(x, y)\n"
        "        for epoch in range(epochs):\n            xb, yb = next(gen)\n"
        "            model.train_on_batch(xb, yb)\n"
        "gan = GAN()\ngan.train(epochs=30000, batch_size=32)\n"
    ),
    "gan_epochs_parameter_default_in_thousands": (
        "def train(epochs=20000):\n    gen = forever(x, y)\n    for epoch in range(epochs):\n"
        "        model.train_on_batch(*next(gen))\n"
    ),
    "fresh_iter_of_user_function_named_iter": (
        "def iter(d):\n    return forever(x, y)\nfor epoch in range(EPOCHS):\n"
        "    xb, yb = next(iter(None))\n    model.train_on_batch(xb, yb)\n"
    ),
    "step_loop_named_step": (
        "gen = forever(x, y)\nfor step in range(500):\n    xb, yb = next(gen)\n"
        "    model.train_on_batch(xb, yb)\n"
    ),
    "generator_recreated_each_epoch": (
        "for epoch in range(EPOCHS):\n    batches = once(x, y)\n    for xb, yb in batches:\n"
        "        model.train_on_batch(xb, yb)\n"
    ),
    "generator_recreated_at_end_of_epoch": (
        "batches = once(x, y)\nfor epoch in range(EPOCHS):\n    for xb, yb in batches:\n"
        "        model.train_on_batch(xb, yb)\n    batches = once(x, y)\n"
    ),
    "dataset_is_reiterable": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "for epoch in range(EPOCHS):\n    for xb, yb in ds:\n        model.train_on_batch(xb, yb)\n"
    ),
    "list_is_reiterable": (
        "batches = [(x[i:i + 32], y[i:i + 32]) for i in range(0, 1000, 32)]\n"
        "for epoch in range(EPOCHS):\n    for xb, yb in batches:\n        model.train_on_batch(xb, yb)\n"
    ),
    "endless_generator_with_steps_in_fit_per_epoch": (
        "gen = forever(x, y)\nfor epoch in range(EPOCHS):\n"
        "    model.fit(gen, steps_per_epoch=31, epochs=1)\n"
    ),
    "validation_batch_per_epoch_with_inner_training_loop": (
        "train = forever(x, y)\nval = forever(x, y)\nfor epoch in range(EPOCHS):\n"
        "    for step in range(31):\n        model.train_on_batch(*next(train))\n"
        "    xv, yv = next(val)\n    model.test_on_batch(xv, yv)\n"
    ),
    "generator_over_zip_of_endless_flows_is_not_finite": (
        "image_flow = ImageDataGenerator().flow(x, batch_size=32)\n"
        "mask_flow = ImageDataGenerator().flow(y, batch_size=32)\n"
        "def pairs():\n    for img, mask in zip(image_flow, mask_flow):\n        yield img, mask\n"
        "train = pairs()\nfor epoch in range(EPOCHS):\n"
        "    model.fit(train, steps_per_epoch=31, epochs=1)\n"
    ),
    "generator_over_parameter_is_not_known_finite": (
        "def batches(paths):\n    for p in paths:\n        yield x, y\n"
        "def run(paths):\n    data = batches(paths)\n    for epoch in range(EPOCHS):\n"
        "        for xb, yb in data:\n            model.train_on_batch(xb, yb)\n"
    ),
    "pytorch_loop": (
        "import torch\nloader = iter(torch.utils.data.DataLoader(range(10)))\n"
        "net = torch.nn.Linear(1, 1)\nfor epoch in range(EPOCHS):\n    batch = next(loader)\n"
        "    net(batch)\n"
    ),
    "no_training_in_loop": (
        "gen = forever(x, y)\nfor epoch in range(EPOCHS):\n    sample = next(gen)\n    print(sample)\n"
    ),
    "iterator_from_parameter_unknown": (
        "def train(it):\n    for epoch in range(EPOCHS):\n        xb, yb = next(it)\n"
        "        model.train_on_batch(xb, yb)\n"
    ),
    "fresh_iterator_each_epoch_next": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\nfor epoch in range(EPOCHS):\n"
        "    it = iter(ds)\n    for step in range(31):\n        model.train_on_batch(*next(it))\n"
    ),
    "user_class_train_on_batch": (
        "class Agent:\n    def train_on_batch(self, b):\n        return b\nagent = Agent()\n"
        "gen = forever(x, y)\nfor epoch in range(EPOCHS):\n    agent.train_on_batch(next(gen))\n"
    ),
    "for_over_flow_is_endless_not_exhausted": (
        "flow = ImageDataGenerator().flow(x, y, batch_size=32)\nfor epoch in range(EPOCHS):\n"
        "    for n, (xb, yb) in enumerate(flow):\n        model.train_on_batch(xb, yb)\n"
        "        if n >= 30:\n            break\n"
    ),
    "endless_generator_iterated_with_break": (
        "gen = forever(x, y)\nfor epoch in range(EPOCHS):\n    for n, (xb, yb) in enumerate(gen):\n"
        "        model.train_on_batch(xb, yb)\n        if n == 30:\n            break\n"
    ),
    "finite_generator_one_epoch": "model.fit(once(x, y), epochs=1)\n",
    "finite_generator_default_epochs": "model.fit(once(x, y))\n",
    "finite_generator_with_steps_per_epoch": (
        "model.fit(once(x, y), steps_per_epoch=10, epochs=3)\n"
    ),
    "endless_generator_many_epochs": "model.fit(forever(x, y), steps_per_epoch=31, epochs=5)\n",
    "generator_made_fresh_each_epoch": (
        "for epoch in range(EPOCHS):\n    model.fit(once(x, y), epochs=1)\n"
    ),
    "dataset_from_generator_function": (
        "ds = tf.data.Dataset.from_generator(lambda: once(x, y), output_signature=None)\n"
        "model.fit(ds, epochs=5)\n"
    ),
    "unknown_epochs": "import sys\nmodel.fit(once(x, y), epochs=int(sys.argv[1]))\n",
    "sklearn_fit_of_a_generator": (
        "from sklearn.linear_model import SGDClassifier\n"
        "SGDClassifier().fit(once(x, y), epochs=3)\n"
    ),
    "gan_iterations_counted_in_millions": (
        CUSTOM_STEP + "it = iter(tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat())\n"
        "def train(source, epochs):\n    for epoch in range(epochs):\n"
        "        a, b = next(source)\n        train_step(a, b)\n"
        "train(it, epochs=3000000)\n"
    ),
    "iterator_remade_each_epoch_in_the_function": (
        CUSTOM_STEP + "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "def train(data, epochs):\n    for epoch in range(epochs):\n        source = iter(data)\n"
        "        for step in range(10):\n            train_step(*next(source))\n"
        "train(ds, 50)\n"
    ),
    "function_called_with_different_iterators": (
        CUSTOM_STEP + "def train(source, epochs):\n    for epoch in range(epochs):\n"
        "        train_step(*next(source))\n"
        "train(iter([(x, y)]), 5)\ntrain(iter([(y, x)]), 5)\n"
    ),
    "gan_class_counted_in_iterations": (
        "class Gan:\n"
        "    def __init__(self, data):\n"
        "        self.opt = keras.optimizers.Adam()\n"
        "        self.batches = iter(data)\n"
        "    def step(self, real):\n"
        "        self.opt.minimize(lambda: tf.reduce_mean(model(real)), model.trainable_variables)\n"
        "    def train(self, epochs):\n"
        "        it = self.batches\n"
        "        for epoch in range(epochs):\n"
        "            self.step(next(it))\n"
        "Gan(tf.data.Dataset.from_tensor_slices(x).batch(32).repeat()).train(epochs=20000)\n"
    ),
    "step_function_that_does_not_train": (
        "def show(a, b):\n    print(a.shape, b.shape)\n"
        "it = iter(tf.data.Dataset.from_tensor_slices((x, y)).batch(32))\n"
        "for epoch in range(EPOCHS):\n    show(*next(it))\n    model.fit(x, y, epochs=1)\n"
    ),
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl001(FALSE_POSITIVE_TRAPS[name]) == []


def test_message_next_per_epoch() -> None:
    source = (
        "gen = forever(x, y)\nfor epoch in range(EPOCHS):\n"
        "    xb, yb = next(gen)\n    model.train_on_batch(xb, yb)\n"
    )
    (message,) = fl001(source)
    assert message.startswith(
        "`next(gen)` runs once per epoch of `for epoch in range(EPOCHS)` and nothing else in the "
        "epoch draws from `gen` (made before the loop): each epoch trains on a single batch, "
        "5 batches in all, instead of a pass over the data."
    )


def test_message_fresh_iterator() -> None:
    source = (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "for epoch in range(EPOCHS):\n    xb, yb = next(iter(ds))\n    model.train_on_batch(xb, yb)\n"
    )
    (message,) = fl001(source)
    assert message.startswith(
        "`next(iter(ds))` runs once per epoch of `for epoch in range(EPOCHS)` and makes a new "
        "iterator each time: every epoch trains on the first batch of `ds` only, 5 batches in all,"
    )


def test_message_exhausted_generator() -> None:
    source = (
        "batches = once(x, y)\nfor epoch in range(EPOCHS):\n    for xb, yb in batches:\n"
        "        model.train_on_batch(xb, yb)\n"
    )
    (message,) = fl001(source)
    assert message.startswith(
        "`batches` is a generator object (`once()`) made before `for epoch in range(EPOCHS)`: "
        "the first epoch exhausts it, so every later epoch loops over nothing and trains on no data."
    )


def test_message_exhausted_in_fit() -> None:
    (message,) = fl001(
        "data = once(x, y)\nfor epoch in range(EPOCHS):\n    model.fit(data, epochs=1)\n"
    )
    assert "the first `fit()` exhausts it" in message
    assert "Received an empty generator" in message
