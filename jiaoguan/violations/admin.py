"""Officers add versions of codes and fines here; existing versions are read-only, because a
decision made under a version must keep showing the basis it was made on."""

from django.contrib import admin

from jiaoguan.core.errors import ApplicationError
from jiaoguan.core.money import Money
from jiaoguan.violations.models import ProvinceFine, ViolationCode
from jiaoguan.violations.services import province_fine_revise, violation_code_revise


class _VersionAdmin(admin.ModelAdmin):
    """Add-only, through the service: history is never changed. The form runs the service
    once its own checks pass, inside the admin's transaction, so a refusal shows on the
    form."""

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        admin_site = self

        # A subclass of the form class the admin built for this request, which mypy cannot
        # take as a base.
        class VersionForm(form):  # type: ignore[valid-type,misc]
            def _post_clean(self):
                # After the form's own checks (unique ones included), before the admin saves:
                # the service writes here so its refusal can show on the form.
                super()._post_clean()
                if not self.errors:
                    try:
                        self.saved = admin_site.revise(request.user, self.cleaned_data)
                    except ApplicationError as error:
                        self.add_error(None, str(error.message))

            def save(self, commit=True):
                self.save_m2m = lambda: None
                return self.saved

        return form if obj is not None else VersionForm

    def save_model(self, request, obj, form, change):
        pass  # saved by the service when the form was validated

    def revise(self, actor, data):
        raise NotImplementedError


@admin.register(ViolationCode)
class ViolationCodeAdmin(_VersionAdmin):
    list_display = ["code", "effective_from", "description", "points", "retired", "verified"]
    list_filter = ["points", "retired", "verified"]
    search_fields = ["=code", "description"]
    exclude = ["created_by"]

    def revise(self, actor, data):
        return violation_code_revise(
            actor=actor,
            code=data["code"],
            effective_from=data["effective_from"],
            description=data["description"],
            legal_basis=data["legal_basis"],
            penalty_basis=data["penalty_basis"],
            points=data["points"],
            fine_min=Money(data["fine_min_fen"]),
            fine_max=Money(data["fine_max_fen"]),
            suspension_or_revocation=data["suspension_or_revocation"],
            retired=data["retired"],
            verified=data["verified"],
        )


@admin.register(ProvinceFine)
class ProvinceFineAdmin(_VersionAdmin):
    list_display = ["code", "province", "effective_from", "amount_fen"]
    list_filter = ["province"]
    search_fields = ["=code"]
    exclude = ["created_by"]

    def revise(self, actor, data):
        return province_fine_revise(
            actor=actor,
            code=data["code"],
            province=data["province"],
            effective_from=data["effective_from"],
            amount=Money(data["amount_fen"]),
        )
