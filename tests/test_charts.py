"""The server-drawn topic chart: valid SVG, a text alternative, escaped text, no style attributes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from quiz.taking.charts import MAX_LABEL, format_percent, topic_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if "chart-bar" in r.get("class", "").split()]


def test_chart_is_an_image_with_a_title_and_a_description_of_every_value():
    root = parse(topic_chart([("Checkpoints", 50.0), ("CAR T cells", 100.0)]))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == title.get("id") == "topic-chart-title"
    assert root.get("aria-describedby") == desc.get("id")
    assert title.text == "Score by topic"
    assert desc.text == "Checkpoints: 50%; CAR T cells: 100%."


def test_one_bar_per_topic_with_its_width_and_its_value_in_text():
    root = parse(topic_chart([("A", 25.0), ("B", 77.8), ("C", 100)]))
    assert [b.get("width") for b in bars(root)] == ["25%", "77.8%", "100%"]
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert values == ["25%", "77.8%", "100%"]
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("class") == "chart-label"]
    assert labels == ["A", "B", "C"]


def test_rows_do_not_overlap_and_the_height_fits_them_all():
    root = parse(topic_chart([("A", 10.0), ("B", 20.0), ("C", 30.0)]))
    ys = [int(b.get("y")) for b in bars(root)]
    assert ys == sorted(set(ys))
    assert int(root.get("height")) > ys[-1] + int(bars(root)[-1].get("height"))


def test_colour_band_follows_the_score():
    root = parse(topic_chart([("low", 10.0), ("mid", 60.0), ("high", 90.0)]))
    assert [b.get("class") for b in bars(root)] == [
        "chart-bar chart-bar-low",
        "chart-bar chart-bar-part",
        "chart-bar chart-bar-good",
    ]


@pytest.mark.parametrize(
    ("given", "width", "text"),
    [
        (-5.0, None, "0%"),
        (0.0, None, "0%"),
        (150.0, "100%", "100%"),
        (float("nan"), None, "0%"),
        (33.333, "33.333%", "33.3%"),
    ],
)
def test_values_are_clamped_to_0_to_100(given, width, text):
    root = parse(topic_chart([("T", given)]))
    found = bars(root)
    assert (found[0].get("width") if found else None) == width
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"] == [text]


def test_topic_text_is_escaped():
    nasty = '<script>alert("x")</script> & "quotes"'
    markup = str(topic_chart([(nasty, 40.0)], chart_id='a"b', title="<b>T</b>"))
    assert "<script>" not in markup and "<b>" not in markup
    root = parse(markup)  # still well-formed
    assert root.find(f"{SVG}title").text == "<b>T</b>"
    assert nasty in root.find(f"{SVG}desc").text
    assert root.get("aria-labelledby") == 'a"b-title'


def test_long_topics_are_shortened_in_the_drawing_but_kept_whole_in_the_tooltip_and_description():
    topic = "Immune checkpoint inhibitors and their side effects in older patients"
    root = parse(topic_chart([(topic, 50.0)]))
    label = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-label")
    tooltip = label.find(f"{SVG}title")
    assert tooltip is not None and tooltip.text == topic
    shown = tooltip.tail
    assert len(shown) <= MAX_LABEL
    assert shown.endswith("…") and topic.startswith(shown[:-1])
    assert topic in root.find(f"{SVG}desc").text


def test_no_style_attributes_or_elements_because_the_csp_forbids_inline_styles():
    markup = str(topic_chart([("A", 50.0), ("B", 100.0)]))
    root = parse(markup)
    assert all("style" not in element.attrib for element in root.iter())
    assert root.find(f".//{SVG}style") is None
    assert all(b.get("fill", "").startswith("#") for b in bars(root))


def test_custom_id_and_title_and_empty_input():
    root = parse(topic_chart([("A", 50.0)], chart_id="c2", title="By topic"))
    assert root.find(f"{SVG}title").get("id") == "c2-title"
    assert root.find(f"{SVG}title").text == "By topic"
    assert str(topic_chart([])) == ""


@pytest.mark.parametrize(("value", "text"), [(75.0, "75%"), (77.8, "77.8%"), (100.0, "100%"), (0, "0%")])
def test_format_percent(value, text):
    assert format_percent(value) == text


def test_each_label_sits_in_a_box_that_stops_before_the_value_column():
    root = parse(topic_chart([("A long topic name that will not fit on a phone", 50.0), ("B", 100.0)]))
    boxes = [svg for svg in root.iter(f"{SVG}svg") if svg.get("class") == "chart-label-box"]
    assert len(boxes) == 2
    for box in boxes:
        assert float(box.get("width").rstrip("%")) < 100  # clipped there, so it cannot reach the value
        assert box.find(f"{SVG}text").get("class") == "chart-label"
    values = [t for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    assert {v.get("x") for v in values} == {"100%"} and {v.get("text-anchor") for v in values} == {"end"}
