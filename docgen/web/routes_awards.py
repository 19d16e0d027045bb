"""Khen thưởng: nominees, the council meeting and its votes; pass/fail and the dossier's
consistency errors shown live (checked on every change, written only on save)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from docgen import notices
from docgen.content.load import Content, load_content
from docgen.content.units import load_units
from docgen.dossier.load import Dossier, load_dossier
from docgen.errors import Problem, SourceRef
from docgen.i18n import tr
from docgen.web import store, yamledit
from docgen.web.common import by_field, posted, render, settings_of, shown, year_of
from docgen.web.labels import label

NOM, COU = "n/", "c/"
KINDS = ("tập thể", "cá nhân")


def check_dossier(root: Path, year: int) -> tuple[list[Problem], Dossier | None]:
    loaded: list[Content] = []
    found = store.problems_of(lambda: loaded.append(load_content(root, year)))
    if not loaded:
        return found, None
    got: list[Dossier | None] = []
    with notices.collecting():
        found += store.problems_of(lambda: got.append(load_dossier(loaded[0])))
    return found, got[0] if got else None


def validate_awards(year: int) -> store.Validator:
    return lambda root: check_dossier(root, year)[0]


def _files(request: Request, year: int) -> dict[str, tuple[Path, str, Any]]:
    d = settings_of(request).content / str(year)
    out = {}
    for name in ("nominations.yaml", "council.yaml", "awards.yaml"):
        path = d / name
        text = yamledit.read_text(path) if path.is_file() else ""
        out[name] = (path, text, yamledit.load(text, path) if text else CommentedMap())
    return out


def _context(request: Request, year: int, problems: list[Problem], dossier: Any) -> dict[str, Any]:
    files = _files(request, year)
    data = {k: v[2] for k, v in files.items()}
    items = shown(problems, data)
    errs = {
        NOM + k: v for k, v in by_field([i for i in items if i.file == "nominations.yaml"]).items()
    }
    errs.update(
        {COU + k: v for k, v in by_field([i for i in items if i.file == "council.yaml"]).items()}
    )
    units = load_units(settings_of(request).content / str(year)) or []
    awards = [a.get("name") for a in (data["awards.yaml"].get("awards") or [])]
    return {
        "year": year,
        "page": "awards",
        "nom": data["nominations.yaml"],
        "cou": data["council.yaml"],
        "v_nom": yamledit.remember(files["nominations.yaml"][1]),
        "v_cou": yamledit.remember(files["council.yaml"][1]),
        "errs": errs,
        "items": items,
        "tallies": dossier.selection.tallies if dossier else [],
        "units": units,
        "awards": awards,
        "kinds": KINDS,
    }


def _page(request: Request, year: int, status: int = 200, **extra: Any) -> Response:
    problems = extra.pop("problems", None)
    root = settings_of(request).content
    found, dossier = check_dossier(root, year)
    ctx = _context(request, year, found if problems is None else problems, dossier)
    return render(request, "awards.html", status=status, **ctx, **extra)


async def awards_page(request: Request) -> Response:
    return _page(request, year_of(request))


def _edits(request: Request, year: int, form: dict[str, Any], **more: Any) -> list[store.Edit]:
    d = settings_of(request).content / str(year)
    rest, nom = yamledit.split_form(form, NOM)
    _, cou = yamledit.split_form(rest, COU)
    return [
        store.Edit(d / "nominations.yaml", nom, str(form.get("v_nom", "")), more.get("nom_edit")),
        store.Edit(d / "council.yaml", cou, str(form.get("v_cou", "")), more.get("cou_edit")),
    ]


def _answer(request: Request, year: int, r: store.SaveResult) -> Response:
    if r.conflicts:
        files = _files(request, year)
        conflicts = [
            {
                "label": label(
                    "nominations.yaml"
                    if c.field.startswith("candidates") or c.field.startswith("submission")
                    else "council.yaml",
                    files["nominations.yaml"][2]
                    if c.field.startswith("candidates")
                    else files["council.yaml"][2],
                    c.field,
                ),
                "yours": c.yours,
                "theirs": c.theirs,
            }
            for c in r.conflicts
        ]
        return _page(
            request, year, 409, conflicts=conflicts or [{"label": "", "yours": "", "theirs": ""}]
        )
    if not r.saved:
        return _page(request, year, 422, problems=r.problems, not_saved=True)
    return _page(request, year, problems=r.problems, saved=r.changed)


async def awards_save(request: Request) -> Response:
    year = year_of(request)
    form = await posted(request)
    root = settings_of(request).content
    return _answer(
        request, year, store.save_many(root, _edits(request, year, form), validate_awards(year))
    )


async def awards_live(request: Request) -> Response:
    """The pass/fail table and the consistency errors for the form as it is now (not saved)."""
    year = year_of(request)
    form = await posted(request)
    root = settings_of(request).content
    texts: dict[Path, bytes] = {}
    for e in _edits(request, year, form):
        text = yamledit.read_text(e.path) if e.path.is_file() else ""
        data = yamledit.load(text, e.path) if text else CommentedMap()
        if yamledit.apply_form(data, e.form):
            texts[e.path] = yamledit.dump(data).encode("utf-8")
    holder: list[Dossier | None] = []

    def run(shadow: Path) -> list[Problem]:
        found, dossier = check_dossier(shadow, year)
        holder.append(dossier)
        return found

    problems, _ = store.check_candidate(root, texts, run)
    ctx = _context(request, year, problems, holder[-1] if holder else None)
    return render(request, "awards_status.html", **ctx)


async def add_nominee(request: Request) -> Response:
    """A new nominee (nominations.yaml) with the council's vote on it (council.yaml)."""
    year = year_of(request)
    form = await posted(request)
    name = str(form.get("new_name", "")).strip()
    d = settings_of(request).content / str(year)
    if not name:
        p = Problem(
            SourceRef(d / "nominations.yaml", field="new_name"),
            tr("cần họ tên hoặc tên tập thể", "a name is needed"),
        )
        return _page(request, year, 422, problems=[p], not_saved=True)

    def nom_edit(data: Any) -> list[str]:
        cands = data.get("candidates")
        if not isinstance(cands, CommentedSeq):
            cands = CommentedSeq()
            data["candidates"] = cands
        item = CommentedMap()
        item["name"] = name
        for key in ("kind", "position", "unit", "award", "reason"):
            value = str(form.get(f"new_{key}", "")).strip()
            if value:
                item[key] = value
        ach = [
            ln.strip() for ln in str(form.get("new_achievements", "")).splitlines() if ln.strip()
        ]
        item["achievements"] = CommentedSeq(ach)
        item["earlier_awards"] = CommentedSeq()
        cands.append(item)
        return [f"candidates[{len(cands) - 1}]"]

    def cou_edit(data: Any) -> list[str]:
        votes = data.get("votes")
        if not isinstance(votes, CommentedSeq):
            votes = CommentedSeq()
            data["votes"] = votes
        vote = CommentedMap()
        vote["candidate"] = name
        vote["agree"] = yamledit.coerce(None, "agree", str(form.get("new_agree", "")))
        against = yamledit.coerce(None, "against", str(form.get("new_against", "")))
        if against not in (None, 0):
            vote["against"] = against
        abstain = yamledit.coerce(None, "abstain", str(form.get("new_abstain", "")))
        if abstain not in (None, 0):  # agree + against + abstain = members present
            vote["abstain"] = abstain
        votes.append(vote)
        return [f"votes[{len(votes) - 1}]"]

    edits = _edits(
        request,
        year,
        {"v_nom": form.get("v_nom", ""), "v_cou": form.get("v_cou", "")},
        nom_edit=nom_edit,
        cou_edit=cou_edit,
    )
    r = store.save_many(settings_of(request).content, edits, validate_awards(year))
    if not r.saved and not r.conflicts:
        return _page(
            request,
            year,
            422,
            problems=r.problems,
            not_saved=True,
            new_errors=shown(r.new_errors, {}),
        )
    return _answer(request, year, r)


ROUTES = [
    Route("/y/{year}/awards", awards_page),
    Route("/y/{year}/awards", awards_save, methods=["POST"]),
    Route("/y/{year}/awards/live", awards_live, methods=["POST"]),
    Route("/y/{year}/awards/add", add_nominee, methods=["POST"]),
]
