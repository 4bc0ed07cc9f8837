"""The form of the import page (``/importer/``): which kind of rows, and the file."""

from __future__ import annotations

import codecs
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from importing.specs import RowSpec
from territories.validation import DataEntryRules

SUFFIXES = (".csv", ".xlsx")
XLSX_MAGIC = b"PK\x03\x04"  # an XLSX workbook is a ZIP archive
SNIFFED_BYTES = 8192


class ImportUploadForm(DataEntryRules, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), widget=forms.RadioSelect)
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )

    def __init__(self, *args, kinds: list[type[RowSpec]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (
                spec.kind,
                format_html(
                    '<span class="import-kind__label">{}</span>'
                    '<span class="import-kind__description">{}</span>',
                    spec.label or spec.kind,
                    spec.description,
                ),
            )
            for spec in kinds
        ]
        self.fields["file"].help_text = _(
            "CSV (UTF-8 or Windows-1252, separated by commas or semicolons) or Excel workbook "
            "(.xlsx), up to %(size)s. The first line names the columns, as in the templates."
        ) % {"size": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(
                _("Send a CSV (.csv) or Excel workbook (.xlsx) file, not “%(name)s”."),
                params={"name": Path(upload.name).name},
            )
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file weighs %(size)s: the limit is %(limit)s. Split it in several files."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES),
                },
            )
        upload.seek(0)
        head = upload.read(SNIFFED_BYTES)
        upload.seek(0)
        if suffix == ".xlsx" and not head.startswith(XLSX_MAGIC):
            raise forms.ValidationError(
                _("This file is not an Excel workbook (.xlsx): save it again from Excel.")
            )
        utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))  # the engine says
        if suffix == ".csv" and not utf16 and (b"\x00" in head or head.startswith(XLSX_MAGIC)):
            raise forms.ValidationError(
                _(
                    "This file is not a CSV text file (it looks like an image, a workbook or "
                    "another binary file): save it as “CSV UTF-8” from your spreadsheet."
                )
            )
        return upload
