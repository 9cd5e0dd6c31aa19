"""The house rules, read from the source: what each layer of each service may import, and how handlers
take their arguments. A change that breaks one fails here with the module and the line.

* no service imports another (they share only `lichtruc`);
* inside a service, api → handlers → domain and db, downhill only: `domain/` imports no other layer,
  `db/` imports only `domain/`, `handlers/` never `api/`;
* `domain/` is pure: no web framework, database, HTTP client or Kafka;
* no SQL above `db/`: nothing under `handlers/` or `api/` imports sqlalchemy;
* no HTTP below `api/`: nothing under `handlers/`, `domain/` or `db/` imports FastAPI/Starlette or builds
  RFC 9457 problems (`lichtruc.problems`) — domain errors are translated once, at the edge;
* public handler functions with more than two parameters take the rest by keyword;
* roster's public handler functions answer typed results (an entity or an outcome dataclass), never a
  bare `dict`: the API shapes are built at the edge (`roster/api/views.py`);
* no `asyncio.wait_for` in the project's code: on Python 3.11 it can drop the caller's cancellation, and
  a background loop that loses one never stops (`asyncio.timeout` instead; `lichtruc.tasks`);
* one kind of quotation marks, “ ”, in both languages: no « or » in a string literal of the project's Python
  (messages, mails, PDFs, sheets' headers; comments aside), in the portal's catalogues or in a template.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"roster": "roster", "notifier": "notifier", "audit": "audit", "portal": "portal"}
LAYERS = ("api", "handlers", "domain", "db", "clients", "messaging", "channels", "documents")

IMPURE = ("fastapi", "starlette", "sqlalchemy", "asyncpg", "httpx", "aiokafka", "faststream", "alembic", "jinja2")
HTTP = ("fastapi", "starlette", "lichtruc.problems")


def _modules(service: str) -> Iterator[tuple[Path, str | None, ast.Module]]:
    base = ROOT / "services" / service / "src" / SERVICES[service]
    for path in sorted(base.rglob("*.py")):
        rel = path.relative_to(base).parts
        if "migrations" in rel:
            continue  # Alembic scripts are the database's own history, not a layer
        layer = rel[0] if len(rel) > 1 and rel[0] in LAYERS else None
        yield path, layer, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _imports(path: Path, service: str, tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import, relative ones resolved inside the service."""
    package = list(path.relative_to(ROOT / "services" / service / "src").with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                name = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                name = node.module or ""
            yield node.lineno, name
            for alias in node.names:  # `from .. import handlers` names a layer too
                yield node.lineno, f"{name}.{alias.name}"


def _under(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == r or name.startswith(r + ".") for r in roots)


def _layer_of(name: str, service: str) -> str | None:
    parts = name.split(".")
    if parts[0] != SERVICES[service] or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


ALLOWED_LAYERS = {
    "domain": {"domain"},
    "db": {"domain", "db"},
    "handlers": {"domain", "db", "handlers", "clients", "channels"},
    "clients": {"domain", "clients"},
    "channels": {"domain", "channels"},
    "documents": {"domain", "documents"},
}


def _violations(service: str) -> list[str]:
    found: list[str] = []
    others = tuple(SERVICES[s] for s in SERVICES if s != service)
    for path, layer, tree in _modules(service):
        where = path.relative_to(ROOT)
        for line, name in _imports(path, service, tree):
            if _under(name, others):
                found.append(f"{where}:{line} imports another service ({name})")
            target = _layer_of(name, service)
            if layer in ALLOWED_LAYERS and target is not None and target not in ALLOWED_LAYERS[layer]:
                found.append(f"{where}:{line} {layer}/ imports {target}/ ({name}): uphill")
            if layer == "domain" and _under(name, IMPURE):
                found.append(f"{where}:{line} domain/ imports {name}: domain code stays pure")
            if layer in ("handlers", "api") and _under(name, ("sqlalchemy",)):
                found.append(f"{where}:{line} {layer}/ imports {name}: SQL lives in db/")
            if layer in ("handlers", "domain", "db") and _under(name, HTTP):
                found.append(f"{where}:{line} {layer}/ imports {name}: HTTP types stay in api/")
    return found


@pytest.mark.parametrize("service", ["roster", "notifier", "audit", "portal"])
def test_each_layer_imports_only_what_the_house_allows(service: str) -> None:
    assert _violations(service) == []


# Commands and queries called from routes and consumers: after `uow`/`ctx` (and at most one subject) the
# rest go by keyword, so that a call reads as what it means and two same-typed ids cannot be swapped.
POSITIONAL_OK = 2


@pytest.mark.parametrize("service", ["roster", "notifier", "audit", "portal"])
def test_handlers_with_more_than_two_parameters_take_the_rest_by_keyword(service: str) -> None:
    found = []
    for path, layer, tree in _modules(service):
        if layer != "handlers":
            continue
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
                continue
            positional = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            if len(positional) > POSITIONAL_OK:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}({', '.join(positional)}, ...)")
    assert found == [], "make these parameters keyword-only (after a `*`):\n" + "\n".join(found)


# Services whose handlers answer typed results only (the response shapes are built in `api/`).
TYPED_ANSWERS = ["roster"]


def _bare_dict(returns: ast.expr | None) -> bool:
    """Whether a return annotation is (or wraps, as in `list[dict]` or `Slice[dict[str, Any]]`) a dict."""
    if returns is None:
        return False
    if isinstance(returns, ast.Constant) and isinstance(returns.value, str):  # a string annotation
        returns = ast.parse(returns.value, mode="eval").body
    return any(isinstance(n, ast.Name) and n.id == "dict" for n in ast.walk(returns))


@pytest.mark.parametrize("service", TYPED_ANSWERS)
def test_handlers_answer_typed_results_not_dicts(service: str) -> None:
    found = []
    for path, layer, tree in _modules(service):
        if layer != "handlers":
            continue
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
                continue
            if _bare_dict(node.returns):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert found == [], "answer an entity or a frozen dataclass; build the API shape in api/:\n" + "\n".join(found)


def _wait_fors(tree: ast.Module) -> list[int]:
    """Lines that call `asyncio.wait_for` or import it by name."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "wait_for" and getattr(node.value, "id", None) == "asyncio":
            found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "asyncio":
            found += [node.lineno for alias in node.names if alias.name == "wait_for"]
    return found


def test_no_wait_for_that_could_drop_a_cancellation() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for top in ("shared/src", "services", "deploy/src")
        for path in sorted((ROOT / top).rglob("*.py"))
        for line in _wait_fors(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    ]
    assert found == [], "use `async with asyncio.timeout(…)` (see lichtruc.tasks):\n" + "\n".join(found)


# Vietnamese text once mixed « » (about 50 places) with “ ” (80+); “ ” is what Vietnamese administrative writing uses,
# and what English uses too (QA: roster's drill warning read «Tết Đinh Mùi 2027» in English).
GUILLEMET = re.compile("[«»]")
NAMED = re.compile("“[«»]”")
"""A guillemet named as a character between “ ” (lichtruc.text: “ệ” read byte by byte is “á”, “»”, U+0087)."""
PYTHON_SOURCES = ("services/*/src", "shared/src", "deploy/src")
TEXT_SOURCES = ("services/*/src/**/*.toml", "services/*/src/**/*.html")  # the portal's catalogues and templates


def _guillemet_lines(source: str) -> list[int]:
    """Lines of a Python source where a string literal (an f-string's text and a docstring too) holds « or »."""
    lines = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            text = NAMED.sub("", token.string)
            lines += [token.start[0] + text.count("\n", 0, m.start()) for m in GUILLEMET.finditer(text)]
    return sorted(set(lines))


def _guillemets() -> list[str]:
    found = []
    for path in sorted(p for top in PYTHON_SOURCES for base in ROOT.glob(top) for p in base.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if not GUILLEMET.search(source):
            continue  # tokenizing every module takes seconds; nearly none holds one at all
        rows = source.splitlines()
        found += [f"{path.relative_to(ROOT)}:{n}: {rows[n - 1].strip()}" for n in _guillemet_lines(source)]
    for path in sorted(p for pattern in TEXT_SOURCES for p in ROOT.glob(pattern)):
        for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if GUILLEMET.search(NAMED.sub("", row)):
                found.append(f"{path.relative_to(ROOT)}:{n}: {row.strip()}")
    return found


def test_what_a_person_reads_is_quoted_in_one_kind_of_marks() -> None:
    found = _guillemets()
    assert found == [], "quote with “ ” in both languages, never « »:\n" + "\n".join(found)


def test_the_rules_catch_what_they_name(tmp_path: Path) -> None:
    """The checker itself: an uphill import, SQL in a handler, a positional-heavy handler and a « in a string (not
    in a comment, nor a » named as a character) are found."""
    tree = ast.parse("from ..api.deps import Ctx\nfrom sqlalchemy import select\nimport fastapi\n")
    fake = ROOT / "services" / "roster" / "src" / "roster" / "handlers" / "fake.py"
    names = [name for _, name in _imports(fake, "roster", tree)]
    assert "roster.api.deps" in names and "sqlalchemy" in names and "fastapi" in names
    assert _layer_of("roster.api.deps", "roster") == "api"
    assert "api" not in ALLOWED_LAYERS["handlers"] and _under("sqlalchemy.ext", ("sqlalchemy",))
    source = "def a() -> dict: ...\ndef b() -> 'Slice[dict[str, Any]]': ...\ndef c() -> Mapping[uuid.UUID, Site]: ...\n"
    returns = [f.returns for f in ast.parse(source).body if isinstance(f, ast.FunctionDef)]
    assert [_bare_dict(r) for r in returns] == [True, True, False]
    waits = "import asyncio\nfrom asyncio import wait_for\nawait asyncio.wait_for(x, 1)\nasync with asyncio.timeout(1): ...\n"
    assert _wait_fors(ast.parse(waits)) == [2, 3]
    quoted = 'x = f"tên «{a}»"  # «a comment»\ny = """one\ntwo «b»"""\nz = "“»” is a character, “c” a name"\n'
    assert _guillemet_lines(quoted) == [1, 3]
