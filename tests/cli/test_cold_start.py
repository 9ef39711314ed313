"""`retold analyze` starts cold on what it uses: a command's module loads only when it runs, and --json renders nothing."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from retold.cli import MODULES, build_parser

ARTICLE = "The council said on Tuesday that 40 trees would be felled. \"Not one of them is sick,\" said Mia Holt, a resident.\n"

# what `retold analyze --json` on a clean article has no use for: the store (DuckDB), the web app, the reports'
# renderers (rich, Jinja2), the stance model, the cross-article stages, the optional engines and spaCy's own CLI
UNUSED = (
    "duckdb", "fastapi", "uvicorn", "starlette", "jinja2", "rich", "pyspark", "lightgbm", "onnxruntime", "sklearn", "torch",
    "trafilatura", "spacy.cli", "typer", "weasel", "requests", "httpx",
    "retold.store", "retold.report", "retold.web", "retold.stance", "retold.link", "retold.cli.store", "retold.cli.link",
    "retold.cli.stance", "retold.cli.serve", "retold.cli.train", "retold.cli.checkworthy",
)


def _commands(parser) -> list[str]:
    (subparsers,) = [action for action in parser._actions if action.dest == "command"]
    return list(subparsers.choices)


def test_the_table_of_commands_names_every_command_in_help_order():
    assert _commands(build_parser()) == [name for _, _, names in MODULES for name in names]
    assert all(_commands(build_parser(name)) == list(names) for _, _, names in MODULES for name in names)


@pytest.mark.parametrize("argv", [["analyze", "a.txt", "--json", "--outlet", "X"], ["stories", "--db", "x.duckdb"],
                                  ["train", "stance", "--data", "d"], ["checkworthy", "f.tsv", "--fast"]])
def test_a_command_parses_the_same_with_its_module_alone(argv):
    full, alone = vars(build_parser().parse_args(argv)), vars(build_parser(argv[0]).parse_args(argv))
    assert full.keys() == alone.keys()
    assert all(full[key] == alone[key] for key in full if key != "handler")  # a handler may be a fresh lambda


def test_analyze_json_loads_no_store_web_report_or_spacy_cli(tmp_path):
    path = tmp_path / "trees.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code = f"""
        import contextlib, io, json, sys
        from retold.cli import main
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["analyze", {str(path)!r}, "--json"])
        loaded = sorted(name for name in {UNUSED!r} if name in sys.modules)
        print(json.dumps({{"code": code, "loaded": loaded, "out": out.getvalue()}}))
    """
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] == 0
    assert json.loads(result["out"])["schema"] == "retold.article/1"
    assert result["loaded"] == []
