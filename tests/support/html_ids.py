"""What a page's markup says about its ids: which exist, which are referred to, and its forms."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Attributes that name other elements by id (space-separated lists for the aria ones).
ID_LISTS = ("aria-describedby", "aria-labelledby", "aria-controls")


@dataclass
class Form:
    method: str
    action: str
    hidden: dict[str, str] = field(default_factory=dict)


class PageIds(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)
        self.forms: list[Form] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        for name in ID_LISTS:
            for target in values.get(name, "").split():
                self.references.append((tag, name, target))
        if tag == "label" and values.get("for"):
            self.references.append((tag, "for", values["for"]))
        if tag == "a" and values.get("href", "").startswith("#") and len(values["href"]) > 1:
            self.references.append((tag, "href", values["href"][1:]))
        if tag == "form":
            self.forms.append(Form(values.get("method", "get").lower(), values.get("action", "")))
        if tag == "input" and values.get("type") == "hidden" and self.forms and values.get("name"):
            self.forms[-1].hidden[values["name"]] = values.get("value", "")

    def broken_references(self) -> list[str]:
        known = set(self.ids)
        return [
            f"<{tag} {name}={target!r}>"
            for tag, name, target in self.references
            if target not in known
        ]

    def duplicate_ids(self) -> list[str]:
        return sorted({i for i in self.ids if self.ids.count(i) > 1})
