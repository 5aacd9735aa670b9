"""Start-up of a vocabulary run: what it imports (``python -X importtime`` showed what it did not need)."""
from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

from tests.conftest import ROOT, write
from voicecheck import cli

#: Modules a small vocabulary-only `check` must not import: other commands, the process pool (a few
#: files stay in one process), --fix, the review's and the promise checks' dependencies.
NOT_IMPORTED = ("voicecheck.commands.review", "voicecheck.commands.report", "voicecheck.commands.init",
                "voicecheck.decisions_web", "voicecheck.fix", "voicecheck.reading", "multiprocessing",
                "concurrent.futures", "subprocess", "tempfile", "difflib", "tomllib", "hashlib", "rich", "spacy",
                "torch", "onnxruntime", "numpy")

PROBE = """
import io, contextlib, json, sys
from voicecheck.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_a_small_vocabulary_check_imports_only_what_it_needs(tmp_path):
    write(tmp_path, "brand.yaml", "brand: X\nterms:\n  - use: member\n    instead_of: [customer]\n")
    for i in range(3):
        write(tmp_path, f"docs/page-{i}.md", "# Title\n\nDear customer, welcome.\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, "check", "docs", "--vocab", "brand.yaml", "--isolated"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    out = json.loads(done.stdout)
    assert out["code"] == 1
    loaded = set(out["modules"])
    assert "voicecheck.sources.markdown" in loaded
    assert not [m for m in NOT_IMPORTED if m in loaded]


def test_every_command_module_is_listed():
    """The commands of voicecheck/commands/ load when named: the table must name each of them."""
    import pkgutil

    import voicecheck.commands as pkg

    found = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"voicecheck.commands.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            found[command.name] = info.name
    assert found == cli.COMMAND_MODULES


def test_help_lists_the_commands_that_load_late(run_cli):
    code, out, _ = run_cli("--help")
    assert code == 0
    for name in cli.COMMAND_MODULES:
        assert f"  {name} " in out


def test_the_lexicon_read_lazily_answers_as_the_sets_do():
    """The part-of-speech lexicon is asked about words without splitting its 90,000 lines first."""
    import gzip
    from pathlib import Path

    from voicecheck.nlp import forms

    text = gzip.decompress((Path(forms.__file__).parent / "data" / forms._LEXICON_FILE).read_bytes()).decode()
    full, lazy = forms.parse_lexicon(text), forms.parse_lexicon(text, lazy=True)
    for name in ("nouns", "verbs"):
        words, asked = getattr(full, name), getattr(lazy, name)
        assert all(w in asked for w in words)
        sample = sorted(words)[::50]
        for w in ["", " ", "fee d", "feed\n", "nouns", "#", "noun exceptions", *(w + "q" for w in sample),
                  *(w[:-1] for w in sample), *(w.upper() for w in sample)]:
            assert (w in words) == (w in asked), (name, w)
    for name in ("noun_irregular", "verb_irregular"):
        table, asked = getattr(full, name), getattr(lazy, name)
        for base, forms_ in table.items():
            assert asked.get(base) == asked[base] == forms_
        for base in ["", "xyzzy", "pay ", *(b[:-1] for b in sorted(table)[::20])]:
            assert asked.get(base) == table.get(base)
