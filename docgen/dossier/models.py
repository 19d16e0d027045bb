"""Typed inputs of the commendation dossier (hồ sơ đề nghị khen thưởng), as validated from YAML.

- ``content/<year>/awards.yaml``: the award list, the band → award rule, the vote threshold;
- ``content/<year>/nominations.yaml``: the tờ trình's number/date/recipient and the candidates
  proposed by the council, plus explicit overrides for units below the band rule;
- ``content/<year>/council.yaml``: the council meeting (biên bản) and the votes per candidate.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from docgen.content.models import Signer, Strict, VnDate
from docgen.i18n import tr

KINDS = ("tập thể", "cá nhân")
COLLECTIVE, INDIVIDUAL = KINDS


def _kind(value: object) -> object:
    if isinstance(value, str) and value.strip().lower() in KINDS:
        return value.strip().lower()
    raise PydanticCustomError(
        "kind",
        tr(
            "cần 'tập thể' hoặc 'cá nhân', nhận được {f!r}",
            "expected 'tập thể' or 'cá nhân', found {f!r}",
            f=value,
        ),
    )


_TIME = re.compile(r"^\s*(\d{1,2})\s*(?::|h|giờ)\s*(\d{1,2})?\s*(?:phút)?\s*$")


def _time(value: object) -> object:
    m = _TIME.match(str(value)) if isinstance(value, str | int) else None
    if m and int(m.group(1)) < 24 and int(m.group(2) or 0) < 60:
        return f"{int(m.group(1)):02d}:{int(m.group(2) or 0):02d}"
    raise PydanticCustomError(
        "time",
        tr(
            'cần giờ dạng "14:00", nhận được {f!r}',
            'expected a time like "14:00", found {f!r}',
            f=value,
        ),
    )


Kind = Annotated[str, BeforeValidator(_kind)]
Time = Annotated[str, BeforeValidator(_time)]
Text = Annotated[str, Field(min_length=1)]


# -- awards.yaml --------------------------------------------------------------------------------


class Award(Strict):
    name: Text = Field(
        description="Tên hình thức khen thưởng, e.g. Giấy khen của Hội Khuyến học Quận 10"
    )
    kinds: list[Kind] = Field(
        default_factory=lambda: list(KINDS), description="Dành cho tập thể, cá nhân hay cả hai"
    )


class BandRule(Strict):
    band: Text = Field(description="Xếp loại thi đua của đơn vị, e.g. Xuất sắc")
    award: Text = Field(description="Hình thức đề nghị cho đơn vị đạt xếp loại này")


_FIELD = re.compile(r"\{([^{}]*)\}")
UNIT_TEXT_FIELDS = {
    "score": {"total", "max_total", "band", "rank"},
    "own_score": {"total", "max_total", "band"},
    "reason": {"year", "score"},
    "override_reason": {"reason", "score"},
    "achievement": {"year", "score"},
    "summary": {"unit_name", "unit_kind", "parent"},
    "head_title": set(),
}
UNIT_TEXTS_FILE = Path(__file__).with_name("unit-texts.yaml")


def _unit_text(info_name: str) -> Any:
    def check(value: object) -> object:
        allowed = UNIT_TEXT_FIELDS[info_name]
        if isinstance(value, str):
            unknown = [f for f in _FIELD.findall(value) if f not in allowed]
            if unknown:
                raise PydanticCustomError(
                    "unit_text",
                    tr(
                        "chỗ thay thế {{{u}}} không dùng được ở đây; dùng được: {a}",
                        "placeholder {{{u}}} cannot be used here; available: {a}",
                        u=unknown[0],
                        a=", ".join(f"{{{f}}}" for f in sorted(allowed)) or "—",
                    ),
                )
        return value

    return BeforeValidator(check)


class UnitTexts(Strict):
    """The dossier's sentences for a unit proposed from its scoring result (awards.yaml
    ``unit_texts``; docgen/dossier/unit-texts.yaml when absent), with ``{…}`` placeholders."""

    score: Annotated[Text, _unit_text("score")] = Field(
        description="Câu điểm của đơn vị (bộ văn bản của Hội, có xếp hạng)"
    )
    own_score: Annotated[Text, _unit_text("own_score")] = Field(
        description="Câu điểm của chính Chi hội (bộ văn bản của Chi hội, không xếp hạng)"
    )
    reason: Annotated[Text, _unit_text("reason")] = Field(
        description="Thành tích (danh sách) của đơn vị đề nghị theo xếp loại"
    )
    override_reason: Annotated[Text, _unit_text("override_reason")] = Field(
        description="Thành tích của đơn vị đề nghị theo ngoại lệ (unit_overrides)"
    )
    achievement: Annotated[Text, _unit_text("achievement")] = Field(
        description="Thành tích đầu tiên trong báo cáo của đơn vị"
    )
    summary: Annotated[Text, _unit_text("summary")] = Field(
        description="Câu sơ lược đầu tiên trong báo cáo của đơn vị"
    )
    head_title: Annotated[Text, _unit_text("head_title")] = Field(
        description="Chức danh người đứng đầu đơn vị ký báo cáo"
    )

    def fill(self, name: str, **values: object) -> str:
        """The text ``name`` with its placeholders replaced by ``values``."""
        text: str = getattr(self, name)
        return _FIELD.sub(lambda m: str(values[m.group(1)]), text)


DEFAULTS_FILE = Path(__file__).with_name("defaults.yaml")


@functools.cache
def _defaults() -> Any:
    from docgen.content.source import load_yaml

    return load_yaml(DEFAULTS_FILE)


def default(section: str, name: str) -> Any:
    """A field's default value from docgen/dossier/defaults.yaml (data, not code)."""
    return _defaults()[section][name]


def default_unit_texts() -> UnitTexts:
    from docgen.content.source import load_yaml

    return UnitTexts.model_validate(load_yaml(UNIT_TEXTS_FILE)["unit_texts"])


class AwardRules(Strict):
    awards: list[Award] = Field(min_length=1)
    unit_texts: UnitTexts = Field(
        default_factory=default_unit_texts,
        description="Câu văn hồ sơ cho đơn vị đề nghị theo kết quả chấm điểm",
    )
    band_rule: list[BandRule] = Field(default_factory=list)
    pass_percent: float = Field(
        50,
        ge=0,
        lt=100,
        description=(
            "Ứng viên đạt khi số phiếu tán thành TRÊN tỷ lệ này so với số thành viên có mặt"
        ),
    )

    def award(self, name: str) -> Award | None:
        return next((a for a in self.awards if a.name == name), None)


# -- nominations.yaml ---------------------------------------------------------------------------


class EarlierAward(Strict):
    year: int = Field(ge=1945, le=2100, description="Năm được khen thưởng")
    school_year: str | None = Field(
        None,
        pattern=r"^\d{4} – \d{4}$",
        description="Năm học, e.g. 2022 – 2023 (in thay cho năm khi danh hiệu tính theo năm học)",
    )
    title: Text = Field(description="Danh hiệu, hình thức khen thưởng")
    decision: Text = Field(description="Số, ngày quyết định, cơ quan ban hành")


class Profile(Strict):
    """Sơ lược lý lịch of an individual (báo cáo thành tích cá nhân, mục I)."""

    born: int | None = Field(None, ge=1900, le=2100, description="Năm sinh")
    gender: str | None = Field(None, description="Giới tính")
    hometown: str | None = Field(None, description="Quê quán")
    residence: str | None = Field(None, description="Nơi thường trú")
    qualification: str | None = Field(None, description="Trình độ chuyên môn")
    party: str | None = Field(None, description="Ngày vào Đảng, nếu có")


class Nomination(Strict):
    name: Text = Field(description="Họ và tên (cá nhân) hoặc tên tập thể")
    kind: Kind
    position: str | None = Field(None, description="Chức vụ (cá nhân, bắt buộc); loại tập thể")
    unit: Text = Field(description="Mã đơn vị trong units.yaml")
    workplace: str | None = Field(
        None,
        description=(
            "Nơi công tác, trực thuộc (trống: trường của Chi hội, hoặc tên đơn vị trong units.yaml)"
        ),
    )
    award: Text = Field(description="Hình thức đề nghị, đúng tên trong awards.yaml")
    reason: Text = Field(description="Thành tích tóm tắt, ghi ở cột lý do của danh sách")
    head: Signer | None = Field(None, description="Thủ trưởng tập thể (ký báo cáo thành tích)")
    confirmed_by: Signer | None = Field(
        None, description="Người xác nhận báo cáo; trống thì là người ký của Chi hội"
    )
    profile: Profile | None = None
    summary: list[Text] = Field(default_factory=list, description="Mục I: sơ lược, đặc điểm")
    achievements: list[Text] = Field(min_length=1, description="Mục II: thành tích, có số liệu")
    earlier_awards: list[EarlierAward] = Field(default_factory=list, description="Mục III")


class UnitOverride(Strict):
    """A unit proposed although its band does not qualify under the rule: explicit, with reason."""

    unit: Text
    award: Text
    reason: Text


class UnitReport(Strict):
    """What a unit candidate's báo cáo thành tích says beyond its score (mục I, II, III)."""

    unit: Text
    confirmed_by: Signer | None = Field(
        None, description="Người xác nhận báo cáo (khác người đứng đầu đơn vị)"
    )
    summary: list[Text] = Field(default_factory=list, description="Mục I: đặc điểm, tình hình")
    achievements: list[Text] = Field(default_factory=list, description="Mục II, sau dòng điểm")
    earlier_awards: list[EarlierAward] = Field(default_factory=list, description="Mục III")


class Submission(Strict):
    """The tờ trình itself: its own number and date, and where it goes."""

    number: int | None = Field(None, ge=1, description="Số tờ trình (ô 3)")
    date: VnDate = Field(description="Ngày tờ trình (ô 4)")
    recipient: Text = Field(description="Kính gửi (ô 9a)")
    distribution: list[Text] = Field(min_length=2, description="Nơi nhận: Như trên; …; Lưu: VT, …")
    field: str = Field(
        default_factory=lambda: str(default("submission", "field")),
        description="Lĩnh vực có thành tích, dùng trong trích yếu",
    )


class Nominations(Strict):
    submission: Submission
    candidates: list[Nomination] = Field(default_factory=list)
    unit_overrides: list[UnitOverride] = Field(default_factory=list)
    unit_reports: list[UnitReport] = Field(default_factory=list)


# -- council.yaml -------------------------------------------------------------------------------


class Person(Strict):
    name: Text
    title: Text = Field(description="Chức vụ, e.g. Chi hội trưởng")


class Meeting(Strict):
    number: int | None = Field(None, ge=1, description="Số biên bản")
    body: Text = Field(description="Tên hội đồng, e.g. Hội đồng Thi đua - Khen thưởng Chi hội …")
    date: VnDate
    start: Time
    end: Time
    place: Text
    chair: Person
    secretary: Person
    members_total: int = Field(ge=1)
    members_present: int = Field(ge=1)
    absent: list[Text] = Field(default_factory=list, description="Thành viên vắng (lý do)")
    guests: list[Text] = Field(default_factory=list, description="Khách mời")
    agenda: list[Text] = Field(min_length=1)
    ballot: Text = Field(
        default_factory=lambda: str(default("meeting", "ballot")),
        description="Hình thức biểu quyết",
    )
    distribution: list[Text] = Field(
        default_factory=lambda: [str(x) for x in default("meeting", "distribution")]
    )


class Vote(Strict):
    candidate: Text = Field(description="Tên ứng viên (như trong nominations.yaml) hoặc mã đơn vị")
    agree: int = Field(ge=0, description="Số phiếu tán thành")
    against: int = Field(0, ge=0, description="Số phiếu không tán thành")
    abstain: int = Field(0, ge=0, description="Số thành viên không biểu quyết")


class Council(Strict):
    meeting: Meeting
    votes: list[Vote] = Field(default_factory=list)


def field_names() -> set[str]:
    """Every key the dossier files may use, for 'did you mean' suggestions."""
    names: set[str] = set()
    for model in (
        Award,
        BandRule,
        AwardRules,
        EarlierAward,
        Profile,
        Nomination,
        UnitOverride,
        UnitReport,
        Submission,
        Nominations,
        Person,
        Meeting,
        Vote,
        Council,
        Signer,
    ):
        names.update(model.model_fields)
    return names
