"""The forms of a page as a browser sees them (``html.parser``): each form's address, its
controls and the values the page gives them, for tests that post into every field."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Inputs that hold what a person types; ``inputmode`` numeric/decimal marks a number typed in a
# text box (profiles, the journal grid), which is not free text.
TYPED = {"text", "search", "email", "url", "tel", "password"}
NUMBERS = {"numeric", "decimal"}
CSRF = "csrfmiddlewaretoken"


@dataclass
class Control:
    name: str
    tag: str  # input, textarea, select
    kind: str = ""  # the input's type; "select" / "textarea" for those
    value: str = ""
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    checked: bool = False
    required: bool = False
    disabled: bool = False
    multiple: bool = False
    inputmode: str = ""

    @property
    def free_text(self) -> bool:
        """A box where anything can be typed: a text input (not a number's) or a text area."""
        if self.disabled:
            return False
        if self.tag == "textarea":
            return True
        return self.tag == "input" and self.kind in TYPED and self.inputmode not in NUMBERS


@dataclass
class PageForm:
    method: str  # get, post
    action: str
    enctype: str
    controls: list[Control] = field(default_factory=list)

    @property
    def fields(self) -> list[str]:
        """The names of the controls whose value the server reads and a person can change: not
        the CSRF token, the buttons, a disabled control, nor a yes/no box (any value ticks it)."""
        return list(
            dict.fromkeys(
                c.name
                for c in self.controls
                if c.name != CSRF
                and c.kind not in ("submit", "button", "reset")
                and not c.disabled
                and not (c.kind == "checkbox" and not c.value)
            )
        )

    @property
    def free_text(self) -> list[str]:
        return list(dict.fromkeys(c.name for c in self.controls if c.free_text))

    def choices(self, name: str) -> list[str]:
        """The values offered for ``name``: its radio buttons, boxes or options."""
        return [
            value
            for c in self.controls
            if c.name == name and c.kind in ("select", "radio", "checkbox")
            for value in (c.options if c.kind == "select" else [c.value])
        ]

    @property
    def required(self) -> bool:
        return any(c.required for c in self.controls)

    def as_shown(self) -> dict[str, list[str]]:
        """What the browser sends when nothing is touched: the CSRF token, values, ticked boxes,
        selected options (else a single choice list's first one), the first button."""
        data: dict[str, list[str]] = {}
        button = False
        for c in self.controls:
            if c.disabled:
                continue
            if c.kind in ("checkbox", "radio"):
                if c.checked:
                    data.setdefault(c.name, []).append(c.value or "on")
            elif c.kind == "select":
                chosen = c.selected or ([] if c.multiple else c.options[:1])
                data.setdefault(c.name, []).extend(chosen)
            elif c.kind in ("submit", "button"):
                if not button:
                    data.setdefault(c.name, []).append(c.value)
                    button = True
            elif c.kind not in ("file", "reset"):
                data.setdefault(c.name, []).append(c.value)
        return data

    def emptied(self) -> dict[str, list[str]]:
        """The form sent with every field empty (the token and the button stay)."""
        buttons = {c.name for c in self.controls if c.kind in ("submit", "button")}
        kept = {n: values for n, values in self.as_shown().items() if n in buttons | {CSRF}}
        return {**kept, **{name: [""] for name in self.fields}}


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._select: Control | None = None
        self._textarea: Control | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = PageForm(
                (attributes.get("method") or "get").lower(),
                attributes.get("action") or "",
                attributes.get("enctype") or "application/x-www-form-urlencoded",
            )
            self.forms.append(self._form)
            return
        if self._form is None or tag not in ("input", "textarea", "select", "option", "button"):
            return
        if tag == "option":
            value = attributes.get("value")  # Django always writes it
            if self._select is not None and value is not None:
                self._select.options.append(value)
                if "selected" in attributes:
                    self._select.selected.append(value)
            return
        name = attributes.get("name")
        if not name:
            return
        kind = {"textarea": "textarea", "select": "select"}.get(tag)
        if kind is None:
            kind = (attributes.get("type") or ("submit" if tag == "button" else "text")).lower()
        control = Control(
            name=name,
            tag=tag,
            kind=kind,
            value=attributes.get("value") or "",
            checked="checked" in attributes,
            required="required" in attributes,
            disabled="disabled" in attributes,
            multiple="multiple" in attributes,
            inputmode=attributes.get("inputmode") or "",
        )
        self._form.controls.append(control)
        if tag == "select":
            self._select = control
        elif tag == "textarea":
            self._textarea = control

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline that opens a text area's content.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None


def page_forms(html: str, method: str = "post") -> list[PageForm]:
    """The page's forms sent with ``method``, in page order."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return [form for form in parser.forms if form.method == method]
