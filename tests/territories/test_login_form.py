"""The login form as crispy-bootstrap5 renders it (``{{ form|crispy }}``): labels, browser
hints, each field's French error under it, the alert of a wrong password or of throttling, and
the ``next`` address kept through a failed attempt."""

from html.parser import HTMLParser

from tests.conftest import PASSWORD

LOGIN = "/connexion/"


class Inputs(HTMLParser):
    """Each <input>'s attributes by name, each label's text by its ``for``, and the text of
    each element with role=alert."""

    def __init__(self):
        super().__init__()
        self.inputs: dict[str, dict] = {}
        self.labels: dict[str, str] = {}
        self.alerts: list[str] = []
        self._label: str | None = None
        self._alert_depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "label":
            self._label = attributes.get("for")
            self.labels[self._label] = ""
        if tag == "input" and "name" in attributes:
            self.inputs[attributes["name"]] = attributes
        if attributes.get("role") == "alert":
            self._alert_depth = 1
            self._text = []
        elif self._alert_depth and tag == "div":
            self._alert_depth += 1

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None
        if self._alert_depth and tag == "div":
            self._alert_depth -= 1
            if not self._alert_depth:
                self.alerts.append(" ".join("".join(self._text).split()))

    def handle_data(self, data):
        if self._label is not None:
            self.labels[self._label] += data.strip()
        if self._alert_depth:
            self._text.append(data)


def parse(response) -> Inputs:
    parser = Inputs()
    parser.feed(response.content.decode())
    return parser


def test_login_fields_keep_their_labels_and_browser_hints(client, db):
    response = client.get(LOGIN)
    page = parse(response)
    inputs = page.inputs

    # crispy marks a required field's label with an asterisk; the form says what it means.
    assert page.labels == {"id_username": "Nom d’utilisateur*", "id_password": "Mot de passe*"}
    assert "Les champs marqués d’un astérisque (*) sont obligatoires." in response.content.decode()
    assert inputs["username"]["autocomplete"] == "username"
    assert inputs["username"]["autocapitalize"] == "none"
    assert "autofocus" in inputs["username"]
    assert inputs["password"]["autocomplete"] == "current-password"
    assert "form-control" in inputs["username"]["class"].split()
    assert "is-invalid" not in response.content.decode()


def test_empty_fields_get_their_french_error_under_each_field(client, db):
    response = client.post(LOGIN, {"username": "", "password": ""})
    page = parse(response)
    html = response.content.decode()

    for name in ("username", "password"):
        field = page.inputs[name]
        assert "is-invalid" in field["class"].split()
        assert field["aria-invalid"] == "true"
        assert field["aria-describedby"] == f"id_{name}_error"
        assert f'<div id="id_{name}_error" class="invalid-feedback">' in html
    assert html.count("Ce champ est obligatoire.") == 2
    assert page.alerts == []


def test_wrong_password_is_an_alert_and_keeps_the_user_name_and_next(client, conseiller):
    response = client.post(
        LOGIN + "?next=/territoires/",
        {"username": "conseiller", "password": "pas-le-bon", "next": "/territoires/"},
    )
    page = parse(response)

    assert page.alerts == [
        "Le nom d’utilisateur ou le mot de passe est incorrect. Attention : les deux tiennent "
        "compte des majuscules et des minuscules."
    ]
    assert page.inputs["username"]["value"] == "conseiller"
    assert "value" not in page.inputs["password"]
    assert page.inputs["next"]["value"] == "/territoires/"


def test_throttled_login_says_so_and_keeps_next(client, conseiller, settings):
    settings.LOGIN_MAX_FAILURES = 1
    client.post(LOGIN, {"username": "conseiller", "password": "pas-le-bon"})

    response = client.post(
        LOGIN, {"username": "conseiller", "password": PASSWORD, "next": "/territoires/"}
    )
    page = parse(response)

    assert response.status_code == 429
    assert len(page.alerts) == 1
    assert page.alerts[0].startswith("Trop de tentatives infructueuses")
    assert page.inputs["username"]["value"] == "conseiller"
    assert page.inputs["next"]["value"] == "/territoires/"
    assert "is-invalid" not in response.content.decode()
