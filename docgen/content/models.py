"""Typed content: the issuing organisation and the year's plan, as validated from YAML.

Field names are English; each field that maps a component of Decree 30/2020/NĐ-CP names the
Vietnamese term in its description (thể thức văn bản).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from docgen.vi.format import parse_date


def _to_date(value: object) -> object:
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError as exc:
            if str(exc) == "format":
                raise PydanticCustomError(
                    "date_format", "expected a date dd/mm/yyyy, found {found!r}", {"found": value}
                ) from None
            raise PydanticCustomError(
                "date_impossible", "the date {found!r} does not exist", {"found": value}
            ) from None
    raise PydanticCustomError(
        "date_format", "expected a date dd/mm/yyyy, found {found!r}", {"found": value}
    )


VnDate = Annotated[dt.date, BeforeValidator(_to_date)]
Points = Annotated[float, Field(gt=0, le=1000)]


class Strict(BaseModel):
    """Unknown keys are errors (a likely typo), never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Signer(Strict):
    authority: str | None = Field(
        None, description="Quyền hạn ký (TM./KT./Q./TL./TUQ. + tập thể hoặc chức vụ), ô 7a"
    )
    title: str = Field(description="Chức vụ người ký, in hoa (ô 7a), e.g. HIỆU TRƯỞNG")
    name: str | None = Field(None, description="Họ và tên người ký (ô 7b); trống thì ký tay")


class Issuer(Strict):
    """Another issuing identity inside the organisation, e.g. its Chi hội Khuyến học, which
    issues the commendation dossier (tờ trình, biên bản) under its own header and number series."""

    parent_body: list[str] = Field(
        default_factory=list, description="Cơ quan chủ quản (ô 2, dòng trên)"
    )
    issuing_body: list[str] = Field(min_length=1, description="Tên tổ chức ban hành (ô 2, đậm)")
    name: str = Field(description="Tên viết thường, dùng trong câu văn")
    symbol: str = Field(
        pattern=r"^[A-ZĐ0-9][A-ZĐ0-9.-]*$", description="Chữ viết tắt trong ký hiệu, e.g. CHKH"
    )
    signer: Signer
    level: Literal["chi hội", "hội"] = Field(
        "chi hội",
        description=(
            "Cấp ban hành: 'chi hội' (đề nghị cho chính Chi hội và tổ, ban, hội viên của nó) "
            "hoặc 'hội' (Hội Khuyến học quận, huyện: mọi chi hội trực thuộc)"
        ),
    )
    unit: str | None = Field(
        None, description="Mã đơn vị của Chi hội trong units.yaml (cấp 'chi hội')"
    )


class Org(Strict):
    parent_body: list[str] = Field(
        default_factory=list, description="Tên cơ quan, tổ chức chủ quản (ô 2, dòng trên)"
    )
    issuing_body: list[str] = Field(min_length=1, description="Tên cơ quan ban hành (ô 2, đậm)")
    name: str = Field(description="Tên cơ quan viết thường, dùng trong câu văn")
    symbol: str = Field(
        pattern=r"^[A-ZĐ0-9][A-ZĐ0-9.-]*$",
        description="Chữ viết tắt tên cơ quan trong ký hiệu, e.g. NK",
    )
    place: str = Field(description="Địa danh (ô 4), e.g. Thành phố Hồ Chí Minh")
    signer: Signer
    distribution: list[str] = Field(
        min_length=1, description="Nơi nhận mặc định (ô 9b); mục cuối là 'Lưu: VT, …'"
    )
    illustrative: bool = Field(
        False, description="Dữ liệu minh họa: mỗi trang in dấu 'DỮ LIỆU MINH HỌA'"
    )
    chapter: Issuer | None = Field(
        None, description="Chi hội Khuyến học của đơn vị: ban hành hồ sơ đề nghị khen thưởng"
    )


class LegalRef(Strict):
    """An act cited by key from the prose (``{ref:key}``), so each citation is written once."""

    kind: str = Field(description="Loại văn bản, e.g. Thông tư")
    number: str | None = Field(
        None, description="Số, ký hiệu, e.g. 22/2020/TT-BGDĐT (trống: cần điền)"
    )
    date: VnDate | None = None
    issuer: str | None = Field(None, description="Cơ quan ban hành")
    title: str | None = Field(None, description="Trích yếu")
    renew: bool = Field(
        False,
        description="Văn bản mới mỗi năm (e.g. kế hoạch năm của cấp trên): "
        "docgen rollover xóa số và ngày để điền lại",
    )


class Criterion(Strict):
    """A 'Nội dung' of the emulation plan, with the points the scoring stage reads."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    points: Points
    body: list[str] = Field(default_factory=list)


class Subsection(Strict):
    title: str
    body: list[str] = Field(min_length=1)


class Section(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    body: list[str] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=list)
    subsections: list[Subsection] = Field(default_factory=list)


class Plan(Strict):
    year: int = Field(ge=2000, le=2100)
    number: int | None = Field(None, ge=1, description="Số văn bản (ô 3); trống khi chưa cấp số")
    date: VnDate | None = Field(None, description="Ngày ban hành (ô 4)")
    title_lines: list[str] = Field(min_length=1, description="Trích yếu nội dung (ô 5a)")
    references: dict[str, LegalRef] = Field(default_factory=dict)
    preamble: list[str] = Field(default_factory=list, description="Căn cứ, lời mở đầu")
    sections: list[Section] = Field(min_length=1)
    closing: str = Field(description="Câu kết, kết thúc bằng ./.")
    distribution: list[str] | None = Field(None, description="Nơi nhận; trống thì lấy của org")
    signer: Signer | None = None

    @property
    def criteria(self) -> list[Criterion]:
        return [c for s in self.sections for c in s.criteria]

    @property
    def total_points(self) -> float:
        return sum(c.points for c in self.criteria)


class Figure(Strict):
    """A result figure of a year (``figures.yaml``), cited next year by ``{prev:key}``."""

    value: float = Field(ge=0)
    unit: str = Field(description="Đơn vị đếm, e.g. suất học bổng 1&1")


class FigureFile(Strict):
    figures: dict[str, Figure] = Field(default_factory=dict)


def known_field_names() -> set[str]:
    """Every key a content file may use, for 'did you mean' suggestions."""
    names: set[str] = set()
    for model in (Signer, Org, LegalRef, Criterion, Subsection, Section, Plan, Figure, FigureFile):
        names.update(model.model_fields)
    return names
