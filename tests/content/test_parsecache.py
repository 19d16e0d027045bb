"""Content files unchanged since the last build are read back from the build's cache
(content.parsecache) with the same values and the same positions, so a located error reads the
same; anything the cache cannot keep exactly is parsed every time."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen.content import parsecache
from docgen.content.source import load_yaml, locate
from docgen.errors import ContentError
from docgen.pipeline import BuildOptions, build
from tests.helpers import CONTENT, REPO, TEMPLATES

FILES = sorted([*CONTENT.rglob("*.yaml"), *(REPO / "examples").rglob("*.yaml")])


def paths(node: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield loc
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, (*loc, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, (*loc, i))


def through_cache(path: Path, folder: Path) -> tuple[Any, int]:
    """Load ``path`` twice with the cache in ``folder``; the second result, and how many
    entries the first load made."""
    with parsecache.using(folder) as pending:
        load_yaml(path)
    parsecache.save(pending)
    with parsecache.using(folder) as again:
        data = load_yaml(path)
    assert again == {}  # read back: nothing new to keep
    return data, len(pending)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_read_back_with_the_same_values_and_positions(path: Path, tmp_path: Path) -> None:
    plain = load_yaml(path)
    cached, made = through_cache(path, tmp_path)
    if not made:  # anchors, tags…: parsed every time, so nothing to compare
        return
    assert cached == plain
    for loc in paths(plain):
        assert locate(cached, loc) == locate(plain, loc), loc
        node_c, node_p = cached, plain
        for k in loc:
            node_c, node_p = node_c[k], node_p[k]
        assert isinstance(node_c, CommentedMap) == isinstance(node_p, CommentedMap)
        assert isinstance(node_c, CommentedSeq) == isinstance(node_p, CommentedSeq)
        assert type(node_c) is type(node_p) or isinstance(node_p, str | float | int)


def test_most_shipped_files_are_kept() -> None:
    assert len(FILES) > 10


def test_a_changed_file_is_parsed_again_and_replaces_its_entry(tmp_path: Path) -> None:
    f = tmp_path / "2024" / "units.yaml"
    f.parent.mkdir()
    f.write_text("units:\n  - id: a\n    name: Một\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first, _ = through_cache(f, cache)
    f.write_text("units:\n  - id: a\n    name: Hai\n", encoding="utf-8")
    second, made = through_cache(f, cache)
    assert (first["units"][0]["name"], second["units"][0]["name"]) == ("Một", "Hai")
    assert made == 1 and len(list(cache.glob("*.json"))) == 1  # the old entry is gone


def test_anchors_and_tags_are_never_kept(tmp_path: Path) -> None:
    f = tmp_path / "plan.yaml"
    f.write_text("a: &x [1, 2]\nb: *x\nc: !!str 01\n", encoding="utf-8")
    data, made = through_cache(f, tmp_path / "cache")
    assert made == 0 and data["b"] == [1, 2]


def test_a_tampered_entry_is_ignored_and_limits_still_apply(tmp_path: Path) -> None:
    f = tmp_path / "plan.yaml"
    f.write_text("title: Kế hoạch\n", encoding="utf-8")
    cache = tmp_path / "cache"
    through_cache(f, cache)
    (entry,) = cache.glob("*.json")
    entry.write_text(json.dumps({"x": "not ours"}), encoding="utf-8")
    with parsecache.using(cache):
        assert load_yaml(f)["title"] == "Kế hoạch"
    # an escaped control character is refused whether or not the file was cached
    f.write_text('title: "a\\x01b"\n', encoding="utf-8")
    with parsecache.using(cache) as pending, pytest.raises(ContentError):
        load_yaml(f)
    parsecache.save(pending)
    with parsecache.using(cache), pytest.raises(ContentError):
        load_yaml(f)


def test_a_build_keeps_parsed_files_only_when_it_succeeds(
    content_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    plan = content_copy / "2024" / "plan.yaml"
    good = plan.read_text(encoding="utf-8")
    plan.write_text(good.replace("sections:", "sections: [", 1), encoding="utf-8")
    with pytest.raises(ContentError):
        build(
            BuildOptions(content=content_copy, out=out, templates=TEMPLATES, year=2024, pdf=False)
        )
    assert not (out / ".cache" / "2024" / "yaml").exists()
    plan.write_text(good, encoding="utf-8")
    build(BuildOptions(content=content_copy, out=out, templates=TEMPLATES, year=2024, pdf=False))
    kept = sorted(p.name.split(".")[0] for p in (out / ".cache" / "2024" / "yaml").glob("*.json"))
    assert "2024-plan" in kept and "2024-units" in kept
    shutil.rmtree(out / "2024")
    again = build(
        BuildOptions(content=content_copy, out=out, templates=TEMPLATES, year=2024, pdf=False)
    )
    assert (again.out_dir / "ke-hoach-2024.docx").is_file()
