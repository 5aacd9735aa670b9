"""Property-based fuzzing (Hypothesis) of every parser family and of the config,
vocabulary, baseline and decisions loaders.

Inputs are random text in each format's own syntax characters, and real files
(the parser fixtures) mutated: bytes inserted, deleted, duplicated, cut off.
The property: a parser returns segments whose source maps point inside the
file (every character maps to a span of it), or raises one ContentError whose
message is one line; a loader returns its result or its own one-line error.
Never another exception, and never a hang: each example has a deadline, and
an alarm fails an example that runs away.

Profiles: the default ``ci`` profile runs a few seconds per family; set
``VOICECHECK_FUZZ=long`` for the long one (thousands of examples per family),
e.g. ``VOICECHECK_FUZZ=long .venv/bin/python -m pytest tests/test_fuzz.py -n 2``.
"""
from __future__ import annotations

import contextlib
import importlib
import os
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicecheck.sources import SUFFIXES, ContentError, parse, read_source

from .conftest import FIXTURES

settings.register_profile("ci", max_examples=30, deadline=5000, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=3000, deadline=5000,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("VOICECHECK_FUZZ", "ci")
#: Seconds one example may run before it counts as a hang.
HANG = 20

SOURCE_FIXTURES = FIXTURES / "sources"
WORK = Path(tempfile.mkdtemp(prefix="voicecheck-fuzz-"))

# characters each family's syntax is made of, mixed with words, Unicode and line breaks
_COMMON = list(" \n\r\t\"'\\/<>{}[]()#%:;,.=-!?*_&|@$~`+^") + [
    "customer", "log in", "{{ name }}", "{% if x %}", "{#", "#}", "%s", "{count}", "&amp;", "&#x41;", "\\u00e9",
    "\\ud800", "é", "e\u0301", "\u200d", "\u202e", "ｃ", "\ufeff", "\x00", "\u2028", "---\n", "\r\n"]
_FAMILY = {
    "markup": ["<p>", "</p>", "<!--", "-->", "<a href='", "<script>", "</script>", "<style>", "<br/>", "<%", "%>",
               "{{!--", "--}}", "<mj-text>", "<![CDATA[", "]]>", "<!DOCTYPE html>"],
    "haml": ["%p", "%a{href: '", "= t('", "- if x", "  ", ".class", "#id", "/ comment", "-#", ":javascript"],
    "markdown": ["# ", "- ", "1. ", "> ", "```", "~~~", "    ", "|", "| --- |", "[a](", "![b](", "**", "__",
                 "<div>", "{/* ", " */}", "import x from 'y'", "<Comp title=\"", "\\"],
    "text": ["\n\n", "Dear customer,", "-- ", "http://x.y/customer"],
    "jsonfile": ["{", "}", "[", "]", '"', '": "', ",", "null", "true", "1e400", "-0", "\\n", '"@@locale": ',
                 '"@key": {"description": "'],
    "yamlfile": ["key: ", "  - ", "- ", "|\n  ", ">\n  ", "&a ", "*a", "!!str ", "---\n", "...\n", "? ", "en:\n",
                 "'", '"', "# "],
    "gettext": ['msgid "', 'msgstr "', 'msgid_plural "', "msgstr[0] \"", "msgstr[7] \"", 'msgctxt "', "#~ ", "#. ",
                "#, fuzzy", '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '"Content-Type: text/plain; '
                'charset=UTF-8\\n"', "\\x41", "\\101"],
    "xmlfile": ['<?xml version="1.0" encoding="utf-8"?>', "<resources>", "</resources>", '<string name="a">',
                "</string>", "<plurals name=\"p\">", '<item quantity="one">', "</item>", "<xliff>", "<trans-unit>",
                "<source>", "<target>", "<data name=\"x\">", "<value>", "<!ENTITY", "&x;", "<![CDATA["],
    "apple": ['"key" = "', '";', "/* ", " */", "// ", "\\U0041", "%@", "%1$@"],
}


def _family(module: str) -> list[str]:
    return _COMMON + _FAMILY.get(module, [])


def _seeds(module: str) -> list[tuple[str, bytes]]:
    """The parser fixtures of one family (name, bytes)."""
    out = []
    for path in sorted(SOURCE_FIXTURES.rglob("*")):
        if path.is_file() and SUFFIXES.get(Path(path.name.lower()).suffix) == module:
            out.append((path.name, path.read_bytes()))
    return out


FAMILIES = sorted(set(SUFFIXES.values()))
SUFFIX_OF = {module: sorted(s for s, m in SUFFIXES.items() if m == module) for module in FAMILIES}


@contextlib.contextmanager
def no_hang(seconds: int = HANG):
    """Fail an example that runs for ``seconds`` (a hang), where the platform has SIGALRM."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s: a hang")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _text(module: str):
    return st.lists(st.one_of(st.sampled_from(_family(module)), st.text(max_size=8)), max_size=60).map("".join)


@st.composite
def _mutated(draw, module: str):
    """A fixture of the family with a few edits, or random text in its syntax (as bytes)."""
    seeds = _seeds(module)
    if not seeds or draw(st.booleans()):
        return draw(_text(module)).encode("utf-8", "surrogatepass")
    _, data = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 4))):
        n = len(data)
        at = draw(st.integers(0, n))
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "cut", "bytes"]))
        if kind == "insert":
            data = data[:at] + draw(_text(module)).encode("utf-8", "surrogatepass") + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)):]
        elif kind == "duplicate":
            data = data[:at] + data[at:at + 200] * draw(st.integers(2, 5)) + data[at:]
        elif kind == "cut":
            data = data[:at]
        else:
            data = data[:at] + draw(st.binary(max_size=6)) + data[at:]
    return data


def check_parsed(name: str, data: bytes) -> None:
    path = WORK / name
    path.write_bytes(data)
    with no_hang():
        try:
            parsed = parse(read_source(path, name))
        except ContentError as exc:
            message = str(exc)
            assert message.startswith(name) and "\n" not in message and "\r" not in message, message
            return
    text = parsed.source.text
    n = len(text)
    for seg in parsed.segments:
        assert seg.text and len(seg.starts) == len(seg.ends) == len(seg.text), (name, seg.text)
        for s, e in zip(seg.starts, seg.ends):
            assert 0 <= s <= e <= n, (name, seg.text, s, e, n)
        first, last = seg.position(0), seg.end_position(len(seg.text))
        assert 1 <= first.line <= last.line <= parsed.source.line_count, (name, seg.text)
    for c in parsed.comments:
        assert 1 <= c.line <= c.end_line <= parsed.source.line_count + 1, (name, c)


def _importable(module: str) -> bool:
    try:
        importlib.import_module(f"voicecheck.sources.{module}")
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("module", FAMILIES)
def test_parser_family_never_crashes_or_hangs(module):
    if not _importable(module):
        pytest.skip(f"the {module} parser needs an optional extra")
    suffixes = SUFFIX_OF[module]

    @settings(settings.get_profile(PROFILE))
    @given(data=_mutated(module), suffix=st.sampled_from(suffixes))
    def run(data, suffix):
        check_parsed(f"fuzz-{module}{suffix}", data)

    run()


# ---------------------------------------------------------------- loaders

VOCAB_SEED = (Path(__file__).resolve().parent / "fixtures" / "rules" / "vocab.yaml").read_text(encoding="utf-8")
CONFIG_SEED = """\
vocab: brand.yaml
paths: [content]
exclude: ["**/drafts/**"]
channels:
  email: ["emails/**"]
  ui: ["locales/*.json"]
per-file-ignores:
  "legal/*.md": [VC101]
max-file-size: 2MB
promises:
  threshold: 0.9
"""
_YAML_BITS = ["\n", "  ", "- ", ": ", "[", "]", "{", "}", "'", '"', "#", "&a", "*a", "!!python/object ", "\x00",
              "\t", "? ", "|", ">", "---", "...", "[z-a]", "1e400", ".nan", "~", "null", "yes", "use", "instead_of",
              "facets", "trial_days", "terms", "promises", "id", "text", "channels", "colour", "é", "\ufeff"]


@st.composite
def _yaml_mutation(draw, seed: str) -> str:
    text = seed
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            bit = "".join(draw(st.lists(st.sampled_from(_YAML_BITS), min_size=1, max_size=6)))
            text = text[:at] + bit + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 30)):]
    return text


def _one_line(message: str) -> None:
    assert message and "\n" not in message and "\r" not in message, message


@settings(settings.get_profile(PROFILE))
@given(text=st.one_of(_yaml_mutation(VOCAB_SEED), _text("yamlfile")))
def test_vocabulary_loader_never_crashes(text):
    from voicecheck.vocab import VocabError, parse_vocabulary

    with no_hang():
        try:
            parse_vocabulary(text, "brand.yaml")
        except VocabError as exc:
            _one_line(str(exc))
            assert str(exc).startswith("brand.yaml")


@settings(settings.get_profile(PROFILE))
@given(text=st.one_of(_yaml_mutation(CONFIG_SEED), _text("yamlfile")), toml=st.booleans())
def test_config_loader_never_crashes(text, toml):
    from voicecheck.config import ConfigError, load_settings

    folder = Path(tempfile.mkdtemp(dir=WORK))
    if toml:
        path = folder / "pyproject.toml"
        body = "[tool.voicecheck]\n" + "\n".join(
            line.replace(": ", " = ", 1) for line in text.splitlines() if ": " in line)
        path.write_text(body, encoding="utf-8", errors="surrogatepass")
    else:
        path = folder / "voicecheck.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    with no_hang():
        try:
            found = load_settings(None, folder)
            for _, globs in found.channels:
                for g in globs:
                    from voicecheck.config import glob_match

                    glob_match("emails/a.md", g)
        except ConfigError as exc:
            _one_line(str(exc))


@settings(settings.get_profile(PROFILE))
@given(text=st.one_of(st.just('{"version": 1, "findings": [{"path": "a.md", "code": "VC101", "term": "member", '
                              '"fingerprint": "x", "count": 2}]}').flatmap(
    lambda seed: _yaml_mutation(seed)), _text("jsonfile")))
def test_baseline_loader_never_crashes(text):
    from voicecheck.suppress import Baseline, BaselineError

    path = WORK / "baseline.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    with no_hang():
        try:
            Baseline.load(path)
        except BaselineError as exc:
            _one_line(str(exc))


@settings(settings.get_profile(PROFILE))
@given(text=_yaml_mutation("version: 1\ndecisions:\n  - path: a.md\n    code: VC101\n    term: member\n"
                           "    fingerprint: vc1:0123456789abcdef\n    state: dismissed\n    reason: intended\n"
                           "    note: ok\n"))
def test_decisions_loader_never_crashes(text):
    from voicecheck.decisions import DecisionsError, DecisionStore

    path = WORK / "voicecheck-decisions.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    with no_hang():
        try:
            DecisionStore.load(path)
        except DecisionsError as exc:
            _one_line(str(exc))
