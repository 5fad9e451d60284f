from xml.etree import ElementTree

from django.utils import translation

from core.charts import bar_chart


def test_bar_chart_is_accessible_svg_with_table_rows():
    with translation.override("de"):
        chart = bar_chart(
            title="Sektoren <&>",
            description="Verteilung",
            data=[("Verwaltung", 2), ("Wirtschaft", 1), ("Wissenschaft", 0)],
            value_label="Anzahl",
        )
    svg = ElementTree.fromstring(str(chart.svg))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    assert svg.find(f"{ns}title").text == "Sektoren <&>"
    assert svg.find(f"{ns}desc").text == "Verteilung"
    labels = [t.text for t in svg.iter(f"{ns}text")]
    assert "Verwaltung" in labels and "2 (66,7 %)" in labels
    assert [(r.label, r.value) for r in chart.rows] == [
        ("Verwaltung", 2),
        ("Wirtschaft", 1),
        ("Wissenschaft", 0),
    ]
    assert round(chart.rows[0].share, 1) == 66.7


def test_empty_chart_is_marked_empty():
    chart = bar_chart(title="t", description="d", data=[("a", 0)], value_label="n")
    assert chart.is_empty
