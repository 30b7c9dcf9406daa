"""The spaCy pipeline: the model's layers multiply matrices with numpy's BLAS, not blis."""

from __future__ import annotations

from thinc.api import NumpyOps

from pipeline.claims.nlp.factory import shared_pipeline
from pipeline.settings import default_model


def test_model_layers_use_numpys_blas() -> None:
    nlp = shared_pipeline(default_model())
    models = [getattr(pipe, "model", None) for _, pipe in nlp.pipeline]
    layers = [layer for model in models if model is not None for layer in model.walk()]
    assert layers
    assert all(isinstance(layer.ops, NumpyOps) and not layer.ops.use_blis for layer in layers)
