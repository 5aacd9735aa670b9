"""Bad input never crashes, hangs or changes a file: each case gets a clear
one-line error naming the file (and line where there is one) and the
documented exit code (2 for input/usage/config errors)."""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES

VOCAB = (FIXTURES / "rules" / "vocab.yaml").read_text()

# name -> file bytes; expected exit code; expected stderr line (substring)
FILES = {
    "trailing.json": (b'{"a": "b",}\n', 2, "trailing.json:1:11: invalid JSON"),
    "unterminated.json": (b'{"a": "unterminated\n}\n', 2, "unterminated.json:1:20: invalid JSON"),
    "deep.json": (b"[" * 100000 + b"]" * 100000, 2, "deep.json:1: JSON is nested too deeply"),
    "nul.json": (b'{"a": "\x00\x01binary"}', 2, "nul.json: binary file"),
    "image.html": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 2, "image.html: binary file"),
    "latin1.json": (b'{"a": "Caf\xe9 customer"}\n', 2, "latin1.json:1:11: not valid utf-8"),
    "indent.yml": (b"en:\n  a: b\n   c: d\n", 2, "indent.yml:3:5: invalid YAML"),
    "tab.yml": (b"en:\n\ta: b\n", 2, "tab.yml:2:1: invalid YAML"),
    "colon.yml": (b"en:\n  a: Note: this: fails\n", 2, "colon.yml:2:10: invalid YAML"),
    "unclosed.xml": (b'<resources>\n<string name="a">Hi\n</resources>\n', 2, "unclosed.xml:3:3: malformed XML"),
    "bomb.xml": (b'<?xml version="1.0"?>\n<!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
                 b'<resources><string name="a">&b;</string></resources>\n', 2, "bomb.xml:2:"),
    "broken.xlf": (b'<xliff version="1.2"><file><body><trans-unit id="a"><source>Hi</source></trans-unit></body>\n', 2,
                   "broken.xlf:2:1: malformed XML"),
    "broken.resx": (b'<root><data name="a"><value>Hi</data></root>\n', 2, "broken.resx:1:33: malformed XML"),
    "unterminated.po": (b'msgid "a"\nmsgstr "unterminated\n', 2, "unterminated.po:2:8: invalid PO file"),
    "garbage.po": (b'msgid "a"\nmsgstr "b"\ngarbage here\n', 2, "garbage.po:3:1: invalid PO file"),
    "nosemi.strings": (b'"a" = "b"\n"c" = "d";\n', 2, "nosemi.strings:1:10: invalid .strings file"),
    "unclosed_comment.html": (b"<html><body><!-- never closed\n<p>customer</p>\n", 2,
                              "unclosed_comment.html:1:13: unclosed HTML comment"),
    "unterminated_fm.md": (b"---\nsubject: Hi\n\n# no end\n", 2, "unterminated_fm.md:1:1: front matter"),
    "badfm.md": (b"---\nsubject: [bad\n---\nHello\n", 2, "badfm.md:3:1: invalid YAML in front matter"),
    "huge.json": (b'{"a": "' + b"customer " * 700000 + b'"}', 2, "huge.json: file is 6,300,009 bytes, over"),
    "noext": (b"customer\n", 2, "noext: unsupported file type '(no suffix)'"),
    "styles.css": (b"body { color: red }\n", 2, "styles.css: unsupported file type '.css'"),
    # recoverable: parsed, with findings or not, but never an error
    "broken.html": (b"<html><body><p>Hello customer<div><span>unclosed\n", 1, None),
    "xxe.xml": (b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                b'<resources><string name="a">&x;</string></resources>\n', None, None),
    "yamlbomb.yml": (b"a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                     + b"".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n".encode()
                                for p, c in zip("abcdef", "bcdefg")), 0, None),
    "number.json": (b"42\n", 0, None),
    # pathological text must not make the masking regexes quadratic (this once took minutes)
    "unclosed-templates.md": (b"{{ " * 20000 + b"\n\n" + b"{% " * 20000 + b"\n\n" + b"a_" * 20000 + b"\n", 0, None),
    "empty.json": (b"", 0, None),
    "empty.xml": (b"", 0, None),
    "empty.md": (b"", 0, None),
    "empty.po": (b"", 0, None),
    "blank.yml": (b"\n\n   \n", 0, None),
    "bom.json": (b'\xef\xbb\xbf{"a": "Hello customer"}\n', 1, None),
    "crlf.json": (b'{\r\n  "a": "Hello customer"\r\n}\r\n', 1, None),
    "utf16.json": ('{"a": "customer"}'.encode("utf-16"), 1, None),
}


def digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def check_one_line(err: str, expected: str | None) -> None:
    assert "Traceback" not in err and "internal error" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    if expected is None:
        assert lines == [], err
    else:
        assert len(lines) == 1, err
        assert expected in lines[0], err


@pytest.mark.parametrize("name", sorted(FILES))
def test_bad_content_file(name, tmp_path, run_cli):
    data, code, message = FILES[name]
    (tmp_path / "v.yaml").write_text(VOCAB)
    (tmp_path / name).write_bytes(data)
    before = digest(tmp_path)
    got, out, err = run_cli("check", name, "--vocab", "v.yaml", cwd=tmp_path)
    if code is not None:
        assert got == code, (out, err)
    else:
        assert got in (0, 1), (out, err)
    check_one_line(err, message)
    assert digest(tmp_path) == before


def test_error_in_one_file_does_not_stop_the_run(tmp_path, run_json):
    (tmp_path / "v.yaml").write_text(VOCAB)
    (tmp_path / "a.json").write_text("{,}")
    (tmp_path / "b.json").write_text('{"a": "Hello customer"}')
    code, data, err = run_json(".", "--vocab", "v.yaml", cwd=tmp_path)
    assert code == 2
    assert [f["path"] for f in data["findings"]] == ["b.json"]
    assert data["errors"][0]["path"] == "a.json"


def test_crlf_and_bom_keep_exact_columns(tmp_path, run_json):
    (tmp_path / "v.yaml").write_text(VOCAB)
    (tmp_path / "a.json").write_bytes(b'\xef\xbb\xbf{\r\n  "k": "Hi customer"\r\n}\r\n')
    _, data, _ = run_json("a.json", "--vocab", "v.yaml", cwd=tmp_path)
    f = data["findings"][0]
    assert (f["line"], f["column"], f["end_column"]) == (2, 12, 20)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")
def test_special_files(tmp_path, run_cli):
    (tmp_path / "v.yaml").write_text(VOCAB)
    os.mkfifo(tmp_path / "fifo.json")
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "loop").symlink_to(tmp_path / "dir")
    (tmp_path / "dir" / "ok.md").write_text("member\n")
    code, _, err = run_cli("check", "fifo.json", "--vocab", "v.yaml", cwd=tmp_path)
    assert code == 2 and err.strip() == "error: fifo.json: not a regular file or folder"
    code, _, err = run_cli("check", "dangling.json", "--vocab", "v.yaml", cwd=tmp_path)
    assert code == 2 and err.strip() == "error: dangling.json: broken or looping symbolic link"
    code, _, err = run_cli("check", "dir", "--vocab", "v.yaml", cwd=tmp_path)
    assert code == 2 and "error: dir/loop: symbolic link loop" in err
    code, _, err = run_cli("check", "missing.md", "--vocab", "v.yaml", cwd=tmp_path)
    assert code == 2 and err.strip() == "error: missing.md: no such file or folder"


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads any file")
def test_unreadable_file(tmp_path, run_cli):
    (tmp_path / "v.yaml").write_text(VOCAB)
    p = tmp_path / "secret.json"
    p.write_text('{"a": "b"}')
    p.chmod(0)
    code, _, err = run_cli("check", "secret.json", "--vocab", "v.yaml", cwd=tmp_path)
    assert code == 2 and "secret.json: permission denied" in err


# usage, vocabulary and configuration errors: (files to write, args, expected one-line stderr)
USAGE = {
    "vocab-missing": ({}, ["--vocab", "nope.yaml"], "error: nope.yaml: vocabulary file not found"),
    "vocab-folder": ({"d/x": ""}, ["--vocab", "d"], "error: d: is a folder; --vocab takes a brand.yaml file"),
    "vocab-bad-yaml": ({"b.yaml": "terms: [\n"}, ["--vocab", "b.yaml"], "error: b.yaml:2: invalid YAML"),
    "vocab-unknown-field": ({"b.yaml": "brand: X\nterms:\n  - use: a\n    instead_of: [b]\n    colour: red\n"},
                            ["--vocab", "b.yaml"], "error: b.yaml:5: terms[0].colour: unknown field"),
    "vocab-empty": ({"b.yaml": ""}, ["--vocab", "b.yaml"], "error: b.yaml: empty vocabulary file"),
    "vocab-latin1": ({"b.yaml": b"brand: Caf\xe9\n"}, ["--vocab", "b.yaml"], "error: b.yaml: not UTF-8 text"),
    "no-vocab": ({}, [], "error: no vocabulary: pass --vocab brand.yaml"),
    "unknown-select": ({}, ["--vocab", "v.yaml", "--select", "VC999"], "error: unknown rule code 'VC999'"),
    "unknown-ignore": ({}, ["--vocab", "v.yaml", "--ignore", "XX1"], "error: unknown rule code 'XX1'"),
    "nothing-selected": ({}, ["--vocab", "v.yaml", "--select", "VC101", "--ignore", "VC1"], "error: no rules selected"),
    "baseline-conflict": ({}, ["--vocab", "v.yaml", "--baseline", "a.json", "--write-baseline", "b.json"],
                          "error: --write-baseline and --baseline can't be used together"),
    "baseline-and-fix": ({}, ["--vocab", "v.yaml", "--write-baseline", "b.json", "--fix"],
                         "error: --write-baseline can't be combined with --fix or --diff"),
    "baseline-missing": ({}, ["--vocab", "v.yaml", "--baseline", "nope.json"], "error: nope.json: baseline file not found"),
    "baseline-corrupt": ({"bl.json": "{not json"}, ["--vocab", "v.yaml", "--baseline", "bl.json"],
                         "error: bl.json:1: invalid baseline JSON"),
    "baseline-wrong-shape": ({"bl.json": "[]"}, ["--vocab", "v.yaml", "--baseline", "bl.json"],
                             "error: bl.json: not a voicecheck baseline"),
    "unknown-format": ({}, ["--vocab", "v.yaml", "--format", "xml"], "error: Invalid value for '--format'"),
    "unknown-option": ({}, ["--vocab", "v.yaml", "--frobnicate"], "error: No such option '--frobnicate'"),
    "config-bad-yaml": ({"voicecheck.yaml": "vocab: [\n"}, [], "error: "),
    "config-unknown-key": ({"voicecheck.yaml": "vocab: v.yaml\ncolour: red\n"}, [],
                           "voicecheck.yaml:2: colour: unknown setting"),
    "config-bad-channel": ({"voicecheck.yaml": "vocab: v.yaml\nchannels:\n  Fax Line: ['*']\n"}, [],
                           "channels: invalid channel name 'Fax Line'"),
    "config-per-file-ignore-code": ({"voicecheck.yaml": "vocab: v.yaml\nper-file-ignores:\n  '*.md': [VC777]\n"}, [],
                                    "error: unknown rule code 'VC777'"),
    "config-bad-size": ({"voicecheck.yaml": "vocab: v.yaml\nmax-file-size: lots\n"}, [],
                        "max-file-size: must be a number of bytes"),
    "config-explicit-missing": ({}, ["--vocab", "v.yaml", "--config", "nope.yaml"], "nope.yaml: config file not found"),
    "pyproject-bad-toml": ({"pyproject.toml": "[tool.voicecheck\n"}, ["--vocab", "v.yaml", "--config", "pyproject.toml"],
                           "pyproject.toml:1: invalid TOML"),
    "suppression-unknown-code": ({"a.md": "<!-- voicecheck: ignore[VC555] -->\nHello customer\n"},
                                 ["a.md", "--vocab", "v.yaml"], "error: a.md:1: unknown rule code 'VC555'"),
}


@pytest.mark.parametrize("case", sorted(USAGE))
def test_usage_and_config_errors(case, tmp_path, run_cli):
    files, args, expected = USAGE[case]
    (tmp_path / "v.yaml").write_text(VOCAB)
    (tmp_path / "content.md").write_text("Hello customer\n")
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text if isinstance(text, bytes) else text.encode())
    before = digest(tmp_path)
    code, out, err = run_cli("check", *args, cwd=tmp_path)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert expected in lines[0], err
    assert digest(tmp_path) == before


def test_exit_zero_never_hides_usage_errors(tmp_path, run_cli):
    (tmp_path / "v.yaml").write_text(VOCAB)
    code, _, _ = run_cli("check", "--vocab", "v.yaml", "--select", "VC999", "--exit-zero", cwd=tmp_path)
    assert code == 2
