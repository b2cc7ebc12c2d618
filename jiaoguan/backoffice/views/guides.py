"""Officer pages for the service guides: edit and publish a guide (a new version each time,
with its history), service points and their businesses, each office's four lists, and the
citizens' questions to answer."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiaoguan.backoffice.access import officer_required
from jiaoguan.core.errors import ApplicationError, NotFound
from jiaoguan.core.families import MenuEntry
from jiaoguan.core.forms import ServiceForm
from jiaoguan.guides import selectors, services
from jiaoguan.guides.models import Guide, ServicePoint, TripList

VIEW = "guides.view_guide"
PUBLISH = "guides.publish_guide"
VIEW_QUESTIONS = "guides.view_question"
ANSWER = "guides.answer_question"

#: The guide's fields as the form shows them; its English texts follow, as ``en_<field>``.
FORM_FIELDS = [name for name in services.EDITABLE if name != "english"]
ENGLISH_PREFIX = "en_"
_TEXTAREAS = {
    "who",
    "when",
    "conditions",
    "materials",
    "supplement_later",
    "steps",
    "place",
    "notes",
    "legal_basis",
}


def _guide_form_class():
    return forms.modelform_factory(
        Guide,
        fields=FORM_FIELDS,
        widgets={name: forms.Textarea(attrs={"rows": 3}) for name in _TEXTAREAS},
    )


class GuideForm(ServiceForm):
    """The guide's §21.3 fields and a note of what the edit changes."""

    note = forms.CharField(label=gettext_lazy("修改说明"), max_length=200, required=False)

    def __init__(self, *args, guide: Guide, **kwargs):
        super().__init__(*args, **kwargs)
        model_form = _guide_form_class()(instance=guide)
        for name, field in model_form.fields.items():
            field.required = name in services.REQUIRED
            self.fields[name] = field
            self.initial.setdefault(name, model_form.initial.get(name))
        english = guide.english or {}
        for name in services.ENGLISH_FIELDS:
            label = self.fields[name].label
            self.fields[ENGLISH_PREFIX + name] = forms.CharField(
                label=gettext_lazy("英文：%(field)s") % {"field": label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "lang": "en"})
                if name in _TEXTAREAS
                else forms.TextInput(attrs={"lang": "en"}),
            )
            self.initial.setdefault(ENGLISH_PREFIX + name, english.get(name, ""))
        self.order_fields(
            [*FORM_FIELDS, *(ENGLISH_PREFIX + name for name in services.ENGLISH_FIELDS), "note"]
        )

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("note", None)
        data["english"] = {
            name: data.pop(ENGLISH_PREFIX + name, "") for name in services.ENGLISH_FIELDS
        }
        return data


class PointForm(ServiceForm):
    kind = forms.ChoiceField(label=gettext_lazy("网点类型"), choices=ServicePoint.Kind.choices)
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100)
    address = forms.CharField(label=gettext_lazy("地址"), max_length=200)
    region_code = forms.CharField(
        label=gettext_lazy("行政区划代码"), max_length=6, help_text=gettext_lazy("如 320102")
    )
    longitude = forms.DecimalField(label=gettext_lazy("经度"), max_digits=9, decimal_places=6)
    latitude = forms.DecimalField(label=gettext_lazy("纬度"), max_digits=9, decimal_places=6)
    hours = forms.CharField(label=gettext_lazy("办公时间"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("电话"), max_length=40, required=False)
    guide_keys = forms.MultipleChoiceField(
        label=gettext_lazy("可办业务"), required=False, widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=gettext_lazy("开放"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["guide_keys"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(g.key, g.title) for g in selectors.guides_all()]

    @classmethod
    def initial_of(cls, point: ServicePoint) -> dict:
        initial = {name: getattr(point, name) for name in services.POINT_FIELDS}
        initial["guide_keys"] = list(point.guides.values_list("key", flat=True))
        initial["active"] = point.active
        return initial


class ListForm(forms.Form):
    guide = forms.SlugField(max_length=60)
    trip_category = forms.ChoiceField(choices=TripList.choices)


class AnswerForm(ServiceForm):
    answer = forms.CharField(
        label=gettext_lazy("答复"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    publish = forms.BooleanField(label=gettext_lazy("公开"), required=False, initial=True)


@officer_required(VIEW)
def guides(request):
    return render(
        request,
        "backoffice/guides/index.html",
        {"guides": selectors.guides_all(), "open_questions": selectors.questions_open().count()},
    )


@officer_required(VIEW, write=PUBLISH)
def guide(request, key):
    try:
        item = selectors.guide_public(key)
    except NotFound:
        raise Http404 from None
    form = GuideForm(request.POST or None, guide=item)
    if request.method == "POST" and form.is_valid():
        try:
            published = services.guide_publish(
                actor=request.actor, guide=item, note=form.cleaned_data["note"], **form.changes()
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            if published.version == item.version:
                messages.info(request, _("没有修改，未发布新版本。"))
            else:
                messages.success(
                    request, _("已发布第 %(version)d 版。") % {"version": published.version}
                )
            return redirect("backoffice:guides_guide", key=item.key)
    return render(
        request,
        "backoffice/guides/guide.html",
        {"guide": item, "form": form, "versions": selectors.guide_versions(item)[:50]},
    )


@officer_required(VIEW)
def points(request):
    return render(
        request,
        "backoffice/guides/points.html",
        {"points": ServicePoint.objects.order_by("region_code", "kind", "name")[:500]},
    )


@officer_required(PUBLISH)
def point_new(request):
    form = PointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.point_save(actor=request.actor, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("服务网点已保存。"))
            return redirect("backoffice:guides_point", point_id=point.pk)
    return render(request, "backoffice/guides/point_new.html", {"form": form})


@officer_required(VIEW, write=PUBLISH)
def point(request, point_id):
    try:
        row = selectors.point_of(point_id)
    except NotFound:
        raise Http404 from None
    form = PointForm(request.POST or None, initial=PointForm.initial_of(row))
    if request.method == "POST" and form.is_valid():
        try:
            row = services.point_save(actor=request.actor, point=row, **form.cleaned_data)
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("服务网点已保存。"))
            return redirect("backoffice:guides_point", point_id=row.pk)
    offices = (ServicePoint.Kind.OFFICE, ServicePoint.Kind.STATION)
    return render(
        request,
        "backoffice/guides/point.html",
        {
            "point": row,
            "form": form,
            "lists": selectors.office_lists(row) if row.kind in offices else [],
            "categories": TripList.choices,
        },
    )


@require_POST
@officer_required(write=PUBLISH)
def point_list(request, point_id):
    """Place one business on one of the office's four lists."""
    form = ListForm(request.POST)
    try:
        row = selectors.point_of(point_id)
        if not form.is_valid():
            raise ApplicationError("guides.choice", _("取值不在可选范围内。"))
        services.office_list_set(
            actor=request.actor,
            office=row,
            guide=selectors.guide_public(form.cleaned_data["guide"]),
            trip_category=form.cleaned_data["trip_category"],
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("清单已更新。"))
    return redirect("backoffice:guides_point", point_id=point_id)


@officer_required(VIEW_QUESTIONS)
def questions(request):
    return render(
        request,
        "backoffice/guides/questions.html",
        {
            "open": selectors.questions_open()[:200],
            "answered": selectors.questions_published()[:50],
        },
    )


@officer_required(VIEW_QUESTIONS, write=ANSWER)
def question(request, question_id):
    try:
        row = selectors.question_of(question_id)
    except NotFound:
        raise Http404 from None
    form = AnswerForm(
        request.POST or None, initial={"answer": row.answer, "publish": row.published or True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_answer(
                actor=request.actor,
                question=row,
                answer=form.cleaned_data["answer"],
                publish=form.cleaned_data["publish"],
            )
        except ApplicationError as error:
            form.add_application_error(error)
        else:
            messages.success(request, _("已答复。"))
            return redirect("backoffice:guides_questions")
    return render(request, "backoffice/guides/question.html", {"question": row, "form": form})


urlpatterns = [
    path("guides/", guides, name="guides"),
    path("guides/points/", points, name="guides_points"),
    path("guides/points/new/", point_new, name="guides_point_new"),
    path("guides/points/<id:point_id>/", point, name="guides_point"),
    path("guides/points/<id:point_id>/lists/", point_list, name="guides_point_list"),
    path("guides/questions/", questions, name="guides_questions"),
    path("guides/questions/<id:question_id>/", question, name="guides_question"),
    path("guides/<slug:key>/", guide, name="guides_guide"),
]

menu = [
    MenuEntry(gettext_lazy("办事指南"), "backoffice:guides", position=97, permission=VIEW),
]
