"""Table grids after docxtpl's column loops: the grid follows the cells' own widths, and a table
that a loop made wider than the text never runs past the margins."""

from __future__ import annotations

from lxml import etree

from docgen.render.tables import align_grid, fit

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _body(grid: list[int], cells: list[int], page: int = 16838) -> etree._Element:
    cols = "".join(f'<w:gridCol w:w="{g}"/>' for g in grid)
    tcs = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{c}" w:type="dxa"/></w:tcPr><w:p/></w:tc>' for c in cells
    )
    xml = (
        f'<w:body xmlns:w="{W}"><w:tbl><w:tblPr><w:tblW w:w="{sum(grid)}" w:type="dxa"/>'
        f"</w:tblPr><w:tblGrid>{cols}</w:tblGrid><w:tr>{tcs}</w:tr></w:tbl>"
        f'<w:sectPr><w:pgSz w:w="{page}" w:h="11906"/>'
        '<w:pgMar w:left="1701" w:right="850" w:top="1134" w:bottom="1134"/></w:sectPr></w:body>'
    )
    return etree.fromstring(xml)


def _grid(tree: etree._Element) -> list[int]:
    return [int(c.get(f"{{{W}}}w")) for c in tree.iter(f"{{{W}}}gridCol")]


def _table_width(tree: etree._Element) -> int:
    return int(next(tree.iter(f"{{{W}}}tblW")).get(f"{{{W}}}w"))


def test_the_grid_follows_the_cells_a_loop_repeated() -> None:
    # docxtpl spread 11 columns evenly over the template's width; the cells keep their own
    tree = align_grid(
        _body([1290] * 11, [737, 3402, 964, 964, 964, 964, 964, 964, 1077, 1247, 1928])
    )
    assert _grid(tree) == [737, 3402, 964, 964, 964, 964, 964, 964, 1077, 1247, 1928]
    assert _table_width(tree) == sum(_grid(tree)) == 14175  # 25 cm: inside 14287 (landscape)


def test_a_grid_that_agrees_is_left_as_it_was() -> None:
    tree = align_grid(_body([680, 3515], [680, 3520]))
    assert _grid(tree) == [680, 3515] and _table_width(tree) == 4195


def test_a_table_wider_than_the_text_gives_way_on_its_widest_column() -> None:
    # seven score columns: 1.3 + 6.0 + 7 × 1.7 + 1.7 + 1.9 + 2.2 + 3.4 cm > 25.2 cm of text
    cells = [737, 3402, *([964] * 7), 964, 1077, 1247, 1928]
    tree = align_grid(_body([1000] * len(cells), cells))
    room = 16838 - 1701 - 850
    assert _table_width(tree) == sum(_grid(tree)) == room
    assert _grid(tree)[2:9] == [964] * 7  # the score columns keep their width: no split word
    assert _grid(tree)[1] == 3402 - 3402 // 2  # the name column gives up half its width …
    assert _grid(tree)[-1] == 1928 - (sum(cells) - room - 1701)  # … the notes column the rest


def test_fit_never_takes_more_than_half_of_a_column() -> None:
    assert fit([100, 1000], 500) == [50, 500]
    assert fit([300, 1000], 300) == [150, 500]
    assert fit([100, 1000], 2000) == [100, 1000]
    assert fit([100, 1000], None) == [100, 1000]
