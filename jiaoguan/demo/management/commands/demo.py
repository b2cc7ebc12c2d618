"""``jiaoguan demo``: migrate, load a small demo jurisdiction with named accounts, and serve."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from jiaoguan.core import clock
from jiaoguan.demo.accidents import demo_accidents_lines
from jiaoguan.demo.accounts import DEMO_PEOPLE, OFFICER_USERNAME, ensure_demo_accounts
from jiaoguan.demo.credentials import ensure_demo_credentials
from jiaoguan.demo.disclosure import ensure_demo_disclosure
from jiaoguan.demo.education import ensure_demo_education, ensure_demo_full_score
from jiaoguan.demo.exams import ensure_demo_exams
from jiaoguan.demo.guides import ensure_demo_guides
from jiaoguan.demo.inspections import ensure_demo_inspections
from jiaoguan.demo.insurers import ensure_demo_insurers
from jiaoguan.demo.loader import seed
from jiaoguan.demo.organisations import ensure_demo_organisations
from jiaoguan.demo.papers import ensure_demo_papers
from jiaoguan.demo.safety import ensure_demo_safety
from jiaoguan.demo.travel import ensure_demo_travel
from jiaoguan.disclosure.services import publication_run
from jiaoguan.identity.actors import system_actor
from jiaoguan.identity.models import Person, User
from jiaoguan.notices.selectors import messages_waiting_count, quiet_hours_text
from jiaoguan.notices.services import scans_run

DEMO_PERSONS = 300


class Command(BaseCommand):
    help = (
        "Run migrations; on an empty database load a demo jurisdiction of 300 people and the "
        "named demo accounts; print the accounts; then serve on 127.0.0.1:PORT."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--province", default="苏")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--no-serve", action="store_true", help="prepare the database and stop (tests, CI)"
        )

    def handle(self, *args, **options):
        if settings.JIAOGUAN_DEPLOYMENT == "production":
            raise CommandError(
                "The demo loads made-up people and accounts: it runs on the embedded settings "
                "(DJANGO_SETTINGS_MODULE=jiaoguan.settings.embedded jiaoguan demo), never on "
                "production."
            )
        port, province = options["port"], options["province"]
        call_command("migrate", interactive=False, verbosity=0)
        if not Person.objects.exists():
            self.stdout.write(f"Loading a demo jurisdiction of {DEMO_PERSONS} people ...")
            seed(DEMO_PERSONS, seed=options["seed"], province=province)
        banner = ensure_demo_accounts(province=province)
        by_key = {demo.key: demo for demo in DEMO_PEOPLE}
        zhang = (
            User.objects.select_related("person").filter(phone=by_key["zhang_wei"].phone).first()
        )
        zhao = User.objects.select_related("person").filter(phone=by_key["zhao_lei"].phone).first()
        exams_lines = ensure_demo_exams(
            applicant=zhang.person if zhang else None,
            allocated=zhao.person if zhao else None,
            number=len(DEMO_PEOPLE) + 3,
        )
        office = User.objects.select_related("office").get(username=OFFICER_USERNAME).office
        region = office.region_code if office else "320100"
        travel_lines = ensure_demo_travel(region_code=region, number=len(DEMO_PEOPLE) + 4)
        disclosure_lines = ensure_demo_disclosure(number=len(DEMO_PEOPLE) + 5)
        # Today's public lists (信息公开); a rerun replaces or extends them.
        publication_run(actor=system_actor("demo"))
        guides_lines = ensure_demo_guides(region_code=region, number=len(DEMO_PEOPLE) + 6)
        credentials_lines = ensure_demo_credentials(citizen=zhang, number=len(DEMO_PEOPLE) + 8)
        organisations_lines = ensure_demo_organisations(
            officer=User.objects.get(username=OFFICER_USERNAME),
            province=province,
            number=len(DEMO_PEOPLE) + 9,
        )
        education_lines = ensure_demo_education(region_code=region, number=len(DEMO_PEOPLE) + 10)
        education_lines += ensure_demo_full_score(region_code=region, number=len(DEMO_PEOPLE) + 11)
        ensure_demo_insurers()  # the insurers claims after an accident go to
        inspections_lines = ensure_demo_inspections(citizen=zhang, number=len(DEMO_PEOPLE) + 13)
        papers_lines = ensure_demo_papers(
            officer=User.objects.select_related("office").get(username=OFFICER_USERNAME),
            number=len(DEMO_PEOPLE) + 14,
        )
        safety_lines = ensure_demo_safety(number=len(DEMO_PEOPLE) + 15, region_code=region)
        # Today's notices (告知提示), delivered in-process to the outbox; a rerun adds nothing.
        notices_run = scans_run(actor=system_actor("demo"))
        base = f"http://127.0.0.1:{port}"
        rule = "=" * 72
        lines = [
            rule,
            f"jiaoguan 交管 演示  {base}/",
            rule,
            str(banner),
            *exams_lines,
            *travel_lines,
            *disclosure_lines,
            *guides_lines,
            f"  {len(DEMO_PEOPLE) + 7}. 短信与电话 12123 /voice/simulator/：在浏览器里拨打 12123"
            "（语音菜单）或发短信（JF、WF、帮助）；先在“我的 → 短信与语音查询”设置查询密码。",
            *credentials_lines,
            *organisations_lines,
            *education_lines,
            *demo_accidents_lines(number=len(DEMO_PEOPLE) + 12),
            *inspections_lines,
            *papers_lines,
            *safety_lines,
            "",
            f"短信验证码不会真的发出：在演示中请到 {base}/outbox/ 查看。",
            f"民警后台：{base}/backoffice/    接口文档：{base}/api/docs",
            f"今日告知扫描：新增 {notices_run.notices_created} 条（{base}/me/notices/）",
        ]
        waiting, until = messages_waiting_count()
        if waiting and until is not None:
            lines.append(
                f"夜间免打扰（{quiet_hours_text()}）：{waiting} 条告知短信和推送暂缓，"
                f"将于 {clock.local(until):%Y-%m-%d %H:%M} 前发出；"
                f"告知已在“我的告知”中，待发清单见 {base}/outbox/"
            )
        if not getattr(settings, "DEMO_OUTBOX_VISIBLE", False):
            lines.append("（注意：当前设置未开启 DEMO_OUTBOX_VISIBLE，/outbox/ 可能不可见）")
        lines.append(rule)
        self.stdout.write("\n".join(lines))
        if options["no_serve"]:
            return
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
