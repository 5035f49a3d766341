"""Keyboard only through both tools in Chromium: the Tab order follows the reading order,
every stop shows its focus and is not hidden behind the sticky header (WCAG 2.4.3, 2.4.7,
2.4.11), and answers are announced through a live region without moving the focus
(4.1.3)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

READY_MS = 60_000

# What the focused element looks like: its place in the document, whether a focus indicator
# is drawn (an outline or a ring on it or on the label that wraps it) and whether the point
# in its middle shows the element itself (not the sticky header or anything else).
FOCUSED = """() => {
  const el = document.activeElement;
  const all = Array.from(document.querySelectorAll('*'));
  const drawn = (x) => {
    if (!x) return false;
    const s = getComputedStyle(x);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
      || (s.boxShadow && s.boxShadow !== 'none');
  };
  const r = el.getBoundingClientRect();
  // A link that wraps has one box per line; its bounding box's middle can be text beside it.
  const first = el.getClientRects()[0] || r;
  const hit = document.elementFromPoint(first.left + first.width / 2,
                                        first.top + Math.min(first.height / 2, 10));
  const label = el.closest('label') || (el.id && document.querySelector(`label[for="${el.id}"]`));
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
    id: el.id, text: (el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent)
      .trim().replace(/\\s+/g, ' ').slice(0, 60),
    order: all.indexOf(el),
    focusVisible: el.matches(':focus-visible'),
    indicator: drawn(el) || drawn(el.closest('label')),
    inView: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    uncovered: !!hit && (el === hit || el.contains(hit) || (label && label.contains(hit))),
  };
}"""


@pytest.fixture(scope="module")
def keyboard(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def open_tool(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("data-pyodide", "ready", timeout=READY_MS)
    # Start where a reader starts: a click on the page title (not focusable) sets the point
    # from which Tab moves on, as a first Tab after reading the heading would.
    page.locator("article h1").first.click()


def walk(page: Page, last: str, act: Callable[[dict], None], limit: int = 80) -> list[dict]:
    """Press Tab until the element `last` (a selector) has the focus; `act` may operate
    each stop with the keyboard. Returns what each stop looked like."""
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        stops.append(stop)
        act(stop)
        if page.evaluate(f"document.activeElement.matches({last!r})"):
            return stops
    raise AssertionError(f"{last} not reached in {limit} Tab presses: {stops[-5:]}")


def assert_well_behaved(stops: list[dict]) -> None:
    orders = [s["order"] for s in stops]
    assert orders == sorted(orders) and len(set(orders)) == len(orders), "Tab order"
    for stop in stops:
        what = f"{stop['tag']} {stop['name'] or stop['id']} '{stop['text']}'"
        assert stop["focusVisible"] and stop["indicator"], f"no visible focus: {what}"
        assert stop["inView"] and stop["uncovered"], f"focus hidden: {what}"


def test_lsvg_by_keyboard(keyboard: Page, base_url: str) -> None:
    page = keyboard
    open_tool(page, base_url + "/hulpmiddelen/lsvg/")
    result = page.locator("[data-lsvg-result]")
    assert result.get_attribute("aria-live") == "polite"

    def answer(stop: dict) -> None:
        if stop["type"] == "radio":  # the first option of a group: Space chooses it
            answered = int(result.get_attribute("data-answered") or 0)
            page.keyboard.press("Space")
            expect(result).to_have_attribute("data-answered", str(answered + 1))
            # announced, and the focus stays where the user is
            expect(page.locator(f"input[name='{stop['name']}']").first).to_be_focused()

    stops = walk(page, "[data-lsvg-action='clear']", answer)
    assert_well_behaved(stops)
    radios = [s["name"] for s in stops if s["type"] == "radio"]
    notes = [s["id"] for s in stops if s["tag"] == "textarea"]
    assert radios == [f"lsvg-{n}" for n in range(1, 9)]  # one stop per group, in order
    assert notes == [f"lsvg-{n}-notities" for n in range(1, 9)]
    expect(result).to_have_attribute("data-total", "8")  # 8 x 1
    expect(result).to_contain_text("Totaalscore: 8")
    expect(page.get_by_role("button", name="Wissen")).to_be_focused()


def test_finder_by_keyboard(keyboard: Page, base_url: str) -> None:
    page = keyboard
    open_tool(page, base_url + "/hulpmiddelen/interventiewijzer/")
    summary = page.locator("[data-finder-summary]")
    assert summary.get_attribute("aria-live") == "polite"
    expect(summary).not_to_contain_text("zodra de Interventiewijzer geladen is")
    chosen: list[str] = []

    def choose(stop: dict) -> None:
        before = summary.inner_text()
        if stop["tag"] == "summary":  # 'Meer situaties': the folded ones open with Enter
            page.keyboard.press("Enter")
            expect(page.locator("details[data-finder-more]")).to_have_attribute("open", "")
            return
        if stop["id"] == "finder-jaren":
            page.keyboard.type("3")
        elif stop["type"] == "checkbox" and "pleeg" in stop["text"] and not chosen:
            page.keyboard.press("Space")
            chosen.append(stop["id"])
        else:
            return
        expect(summary).not_to_have_text(before)  # the live region says what changed
        expect(page.locator(f"#{stop['id']}")).to_be_focused()  # and the focus stayed

    stops = walk(page, "button[type='reset']", choose)
    assert_well_behaved(stops)
    ids = [s["id"] for s in stops if s["id"].startswith("finder-")]  # the form's controls
    assert ids[:2] == ["finder-jaren", "finder-maanden"], ids
    checkboxes = [s["id"] for s in stops if s["type"] == "checkbox"]
    assert len(checkboxes) == page.locator("form[data-finder-form] input[type=checkbox]").count()
    assert chosen and page.locator(f"#{chosen[0]}").is_checked()
    assert "finder-erkenning" in ids
    expect(page.locator("[data-intervention-id]").first).to_be_visible()
